package dev.ecomstream.dashboard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;

/**
 * What "now" means for the business panels (last hour, today, per minute, the funnel, best sellers).
 *
 * <p>{@link #WALL} is the real time: right for a live shop. The sample data and replayed exports carry
 * historical timestamps, so against the wall clock every window would be empty; {@link #DATA} takes as
 * "now" the newest business timestamp in the mart (orders, order items, events), and the windows slide as
 * newer rows arrive. Pipeline health is always measured on the wall clock.
 */
public enum DashboardClock {

    /** Now is the database server's {@code now()}. */
    WALL,

    /** Now is the newest order, order item or event in the mart; the wall clock while it is empty. */
    DATA;

    /*
     * The newest business timestamp the mart holds (orders, order items, events), as a timestamptz: one backward
     * index scan (one row) per fact on the UTC time indexes of V011; IS NOT NULL lets the scan skip the NULLs
     * an index keeps at its high end, and greatest() skips the NULLs of empty facts. Also the pipeline panel's
     * freshness.
     */
    static final String NEWEST_ROW_AT = """
            greatest((SELECT ordered_at_utc FROM mart.fact_orders WHERE ordered_at_utc IS NOT NULL
                      ORDER BY ordered_at_utc DESC LIMIT 1),
                     (SELECT ordered_at_utc FROM mart.fact_order_items WHERE ordered_at_utc IS NOT NULL
                      ORDER BY ordered_at_utc DESC LIMIT 1),
                     (SELECT event_at_utc FROM mart.fact_events WHERE event_at_utc IS NOT NULL
                      ORDER BY event_at_utc DESC LIMIT 1)) AT TIME ZONE 'UTC'""";

    /*
     * The wall clock comes from the database too, so that the windows agree with the rows' timestamps even if
     * this machine's clock is off.
     */
    private static final String WALL_NOW = "SELECT now() AS wall_now, NULL::timestamptz AS data_now";
    static final String DATA_NOW = "SELECT now() AS wall_now, " + NEWEST_ROW_AT + " AS data_now";

    /** Parses {@code wall} or {@code data}, any case. */
    public static DashboardClock parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown clock '" + text + "'; use 'wall' (real time) or 'data' "
                    + "(now = the newest order or event in the mart, for historical data)", e);
        }
    }

    /** The lower-case name used on the command line and in the JSON. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The current "now" on this clock, read on the caller's connection. */
    public Instant now(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(this == DATA ? DATA_NOW : WALL_NOW);
             ResultSet row = statement.executeQuery()) {
            row.next();
            OffsetDateTime wall = row.getObject("wall_now", OffsetDateTime.class);
            OffsetDateTime data = row.getObject("data_now", OffsetDateTime.class);
            if (data != null) {
                return data.toInstant();
            }
            return wall.toInstant();
        }
    }
}
