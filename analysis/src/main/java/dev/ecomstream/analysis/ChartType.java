package dev.ecomstream.analysis;

import java.util.Locale;

/** How the HTML report draws a question's answer. */
public enum ChartType {
    /** Vertical bars, one group per row, one bar per value column. */
    BAR,
    /** A line per value column over the rows in their order (months, days). */
    LINE,
    /** Shares of a whole: one slice per row, the first value column only. */
    DOUGHNUT,
    /** A single row of headline figures, shown as tiles rather than a chart. */
    KPI;

    static ChartType parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown chart type '" + text.trim() + "' (expected bar, line, "
                    + "doughnut or kpi)", e);
        }
    }

    /** The name used in the query files and in the report's chart data. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
