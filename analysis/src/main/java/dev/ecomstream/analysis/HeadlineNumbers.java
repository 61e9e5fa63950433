package dev.ecomstream.analysis;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The handful of figures that sum a dataset up, for the end of the quickstart and the top of a summary:
 * read in one round trip by {@link #read(DataSource)}, printed by {@link #lines()}.
 *
 * @param users                 registered users
 * @param orders                orders, any status
 * @param itemsSold             order items neither cancelled nor returned (the mart's net_quantity)
 * @param netSales              their sale prices, rounded to cents (the mart's net_sales_amount)
 * @param sessions              browsing sessions
 * @param purchaseConversionPct share of sessions with a purchase event, percent with two decimals
 */
public record HeadlineNumbers(long users, long orders, long itemsSold, BigDecimal netSales, long sessions,
                              BigDecimal purchaseConversionPct) {

    private static final String SQL_RESOURCE = "headline_numbers.sql";

    /** Reads the figures from the mart views (a read-only transaction). */
    public static HeadlineNumbers read(DataSource dataSource) {
        String sql = sql();
        try (Connection connection = dataSource.getConnection()) {
            connection.setReadOnly(true);
            try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
                row.next();
                return new HeadlineNumbers(row.getLong("users"), row.getLong("orders"), row.getLong("items_sold"),
                        row.getBigDecimal("net_sales"), row.getLong("sessions"),
                        row.getBigDecimal("purchase_conversion_pct"));
            }
        } catch (SQLException e) {
            throw new AnalysisException("cannot read the headline numbers: " + e.getMessage(), e);
        }
    }

    /** Human-readable lines, e.g. {@code "users              500"}; no trailing newline. */
    public List<String> lines() {
        return List.of(
                line("users", String.format(Locale.ROOT, "%,d", users)),
                line("orders", String.format(Locale.ROOT, "%,d", orders)),
                line("items sold", String.format(Locale.ROOT, "%,d", itemsSold)),
                line("net sales", String.format(Locale.ROOT, "%,.2f", netSales)),
                line("sessions", String.format(Locale.ROOT, "%,d", sessions)),
                line("purchase conversion", purchaseConversionPct.toPlainString() + " % of sessions"));
    }

    private static String line(String name, String value) {
        return String.format(Locale.ROOT, "%-20s %s", name, value);
    }

    private static String sql() {
        return ResourceText.read(HeadlineNumbers.class, SQL_RESOURCE);
    }
}
