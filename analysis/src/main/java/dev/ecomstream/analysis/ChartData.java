package dev.ecomstream.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an answer and its {@link ChartSpec} into the plain data the report's script draws: labels, and one
 * series of numbers per value column. The choices are made here, in Java and under test, so the page's
 * script only hands them to Chart.js.
 */
final class ChartData {

    private ChartData() {
    }

    /** The chart of one answer, as maps and lists ready for {@link JsonText}. */
    static Map<String, Object> of(QueryResult result) {
        ChartSpec spec = result.query().chart();
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("name", result.query().name());
        chart.put("type", spec.type().key());
        if (spec.type() == ChartType.KPI) {
            chart.put("tiles", tiles(result));
            return chart;
        }
        String labelColumn = spec.labelColumn() != null ? spec.labelColumn() : result.columns().get(0).name();
        chart.put("labelColumn", labelColumn);
        List<String> labels = new ArrayList<>();
        for (Object value : column(result, labelColumn)) {
            labels.add(value == null ? "(none)" : ValueText.of(value));
        }
        chart.put("labels", labels);
        List<Map<String, Object>> series = new ArrayList<>();
        for (String valueColumn : valueColumns(result, labelColumn)) {
            List<Object> values = column(result, valueColumn);
            if (!result.columns().get(result.columnIndex(valueColumn)).numeric()) {
                throw new AnalysisException(result.query().name() + ": chart value column '" + valueColumn
                        + "' is not numeric", null);
            }
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", valueColumn);
            one.put("secondary", spec.secondaryColumns().contains(valueColumn));
            one.put("values", values);
            series.add(one);
            if (spec.type() == ChartType.DOUGHNUT) {
                break; // slices of one whole: a second measure would be a second doughnut
            }
        }
        if (series.isEmpty()) {
            throw new AnalysisException(result.query().name() + ": nothing to chart, no numeric column besides '"
                    + labelColumn + "'", null);
        }
        chart.put("series", series);
        return chart;
    }

    private static List<Map<String, Object>> tiles(QueryResult result) {
        List<Map<String, Object>> tiles = new ArrayList<>();
        if (result.rows().isEmpty()) {
            return tiles;
        }
        List<Object> first = result.rows().get(0);
        for (int i = 0; i < result.columns().size(); i++) {
            Map<String, Object> tile = new LinkedHashMap<>();
            tile.put("name", result.columns().get(i).name());
            tile.put("value", ValueText.of(first.get(i)));
            tiles.add(tile);
        }
        return tiles;
    }

    private static List<String> valueColumns(QueryResult result, String labelColumn) {
        List<String> configured = result.query().chart().valueColumns();
        if (!configured.isEmpty()) {
            return configured;
        }
        return result.columns().stream()
                .filter(ResultColumn::numeric)
                .map(ResultColumn::name)
                .filter(name -> !name.equals(labelColumn))
                .toList();
    }

    private static List<Object> column(QueryResult result, String name) {
        if (result.columnIndex(name) < 0) {
            throw new AnalysisException(result.query().name() + ".sql names chart column '" + name
                    + "', which its result does not have (columns: "
                    + result.columns().stream().map(ResultColumn::name).toList() + ")", null);
        }
        return result.column(name);
    }
}
