package dev.ecomstream.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tables, CSV, chart data and JSON from a hand-made answer: no database needed. */
class ReportFormatsTest {

    private static final AnalysisQuery QUERY = AnalysisQuery.parse("brand_sales", """
            -- Which brands sell?
            -- chart: bar
            -- values: revenue
            SELECT 1""");

    /** Rows as lists, since a row may hold nulls. */
    private static QueryResult result(List<List<Object>> rows) {
        return new QueryResult(QUERY, List.of(new ResultColumn("brand", false), new ResultColumn("items", true),
                new ResultColumn("revenue", true)), rows, Duration.ofMillis(3));
    }

    private static final QueryResult SALES = result(List.of(
            Arrays.asList("Levi's", 12L, new BigDecimal("1234.50")),
            Arrays.asList("Nike, Inc.", 3L, new BigDecimal("99.00")),
            Arrays.asList(null, 100L, null)));

    @Test
    void tablesAlignTextLeftAndNumbersRightAndShowNullAsNothing() {
        assertThat(new TableFormatter(0).format(SALES)).isEqualTo("""
                brand_sales: Which brands sell?
                brand      | items | revenue
                -----------+-------+--------
                Levi's     |    12 | 1234.50
                Nike, Inc. |     3 |   99.00
                           |   100 |
                (3 rows)
                """);
    }

    @Test
    void tablesAlignWideCharactersByTheColumnsTheyTakeOnATerminal() {
        QueryResult names = result(List.of(Arrays.asList("上海 Shanghai", 1L, BigDecimal.ONE),
                Arrays.asList("Lefèvre", 2L, BigDecimal.TEN)));

        assertThat(new TableFormatter(0).format(names)).contains("""
                brand         | items | revenue
                --------------+-------+--------
                上海 Shanghai |     1 |       1
                Lefèvre       |     2 |      10
                """);
        assertThat(TableFormatter.displayWidth("Le\u0301on")).isEqualTo(4);
    }

    @Test
    void tablesSayHowManyRowsTheyLeftOut() {
        assertThat(new TableFormatter(2).format(SALES))
                .endsWith("Nike, Inc. |     3 |   99.00\n(2 of 3 rows shown; --max-rows 0 shows all, --csv writes all)\n");
        assertThatThrownBy(() -> new TableFormatter(-1)).hasMessageContaining("0 (all) or more");
    }

    @Test
    void csvQuotesOnlyWhatNeedsIt(@TempDir Path directory) throws Exception {
        List<Path> files = CsvExporter.write(List.of(SALES), directory.resolve("out"));

        assertThat(files).containsExactly(directory.resolve("out").resolve("brand_sales.csv"));
        assertThat(Files.readString(files.get(0), StandardCharsets.UTF_8)).isEqualTo("""
                brand,items,revenue
                Levi's,12,1234.50
                "Nike, Inc.",3,99.00
                ,100,
                """);
    }

    @Test
    void chartDataTakesTheFirstColumnAsLabelsAndTheConfiguredValues() {
        Map<String, Object> chart = ChartData.of(SALES);

        assertThat(chart).containsEntry("type", "bar").containsEntry("labelColumn", "brand")
                .containsEntry("labels", List.of("Levi's", "Nike, Inc.", "(none)"));
        assertThat(JsonText.of(chart.get("series"))).isEqualTo(
                "[{\"name\":\"revenue\",\"secondary\":false,\"values\":[1234.50,99.00,null]}]");
    }

    @Test
    void chartDataRefusesAColumnTheResultDoesNotHave() {
        AnalysisQuery wrong = AnalysisQuery.parse("wrong", "-- Wrong?\n-- values: turnover\nSELECT 1");
        QueryResult result = new QueryResult(wrong, SALES.columns(), SALES.rows(), Duration.ZERO);

        assertThatThrownBy(() -> ChartData.of(result))
                .hasMessageContaining("wrong.sql names chart column 'turnover', which its result does not have");
    }

    @Test
    void jsonCannotCloseTheScriptElementItSitsIn() {
        assertThat(JsonText.of(Map.of("text", "</script><b>\"quoted\"\n")))
                .isEqualTo("{\"text\":\"\\u003c/script>\\u003cb>\\\"quoted\\\"\\n\"}");
    }

    @Test
    void theHtmlEscapesTheDataAndInlinesTheChartLibrary() {
        String html = new HtmlReportWriter("Sales <test>").render(List.of(SALES), Instant.EPOCH);

        assertThat(html).contains("<title>Sales &lt;test&gt;</title>")
                .contains("<td>Levi&#39;s</td>")
                .contains("Chart.js v" + ChartLibrary.load().version())
                .doesNotContain("{{");
    }
}
