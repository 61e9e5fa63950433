package dev.ecomstream.analysis;

import java.util.List;

/**
 * What to draw for a question, from the {@code -- chart:}, {@code -- label:}, {@code -- values:} and
 * {@code -- secondary:} header lines of its SQL file.
 *
 * @param type             the kind of chart
 * @param labelColumn      the column naming each row (the x axis, the slices); null: the first column
 * @param valueColumns     the columns drawn as series; empty: every numeric column but the label
 * @param secondaryColumns value columns drawn against a second axis on the right (revenue next to counts)
 */
public record ChartSpec(ChartType type, String labelColumn, List<String> valueColumns,
                        List<String> secondaryColumns) {

    public ChartSpec {
        valueColumns = List.copyOf(valueColumns);
        secondaryColumns = List.copyOf(secondaryColumns);
        if (!valueColumns.isEmpty() && !valueColumns.containsAll(secondaryColumns)) {
            throw new IllegalArgumentException("secondary columns " + secondaryColumns
                    + " must be among the value columns " + valueColumns);
        }
    }
}
