package dev.ecomstream.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisQueryTest {

    @Test
    void theFirstCommentIsTheQuestionFreeTextTheDescriptionAndKeyedLinesTheChart() {
        AnalysisQuery query = AnalysisQuery.parse("monthly", """
                -- How many orders per month?
                -- Month of the order's creation (UTC).
                -- chart: line
                -- values: orders, revenue
                -- secondary: revenue
                -- Net revenue.
                SELECT 1 AS orders
                -- a comment after the SQL starts is SQL, not documentation
                """);

        assertThat(query.question()).isEqualTo("How many orders per month?");
        assertThat(query.description()).isEqualTo("Month of the order's creation (UTC). Net revenue.");
        assertThat(query.chart()).isEqualTo(new ChartSpec(ChartType.LINE, null, List.of("orders", "revenue"),
                List.of("revenue")));
        assertThat(query.sql()).contains("SELECT 1 AS orders");
    }

    @Test
    void withoutSettingsTheChartIsABarOfEveryNumericColumn() {
        AnalysisQuery query = AnalysisQuery.parse("plain", "-- Plain?\nSELECT 1");

        assertThat(query.chart()).isEqualTo(new ChartSpec(ChartType.BAR, null, List.of(), List.of()));
        assertThat(query.description()).isEmpty();
    }

    @Test
    void aFileWithoutAQuestionIsRefusedWithTheFileName() {
        assertThatThrownBy(() -> AnalysisQuery.parse("silent", "SELECT 1"))
                .hasMessageContaining("silent.sql must start with a comment line holding the question");
    }

    @Test
    void anUnknownChartTypeIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> AnalysisQuery.parse("pie", "-- Pie?\n-- chart: pie\nSELECT 1"))
                .hasMessageContaining("pie.sql: unknown chart type 'pie' (expected bar, line, doughnut or kpi)");
    }

    @Test
    void aSecondaryAxisColumnMustBeAValueColumn() {
        assertThatThrownBy(() -> AnalysisQuery.parse("axes", "-- Axes?\n-- values: a\n-- secondary: b\nSELECT 1"))
                .hasMessageContaining("secondary columns [b] must be among the value columns [a]");
    }

    @Test
    void namesAreLowerSnakeCaseSoTheyWorkAsFileNamesAndHtmlIds() {
        assertThatThrownBy(() -> AnalysisQuery.parse("Bad Name", "-- Q?\nSELECT 1"))
                .hasMessageContaining("must be lower_snake_case");
    }
}
