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
 * "now" the newest {@code created_at} in core (orders, order items, events), and the windows slide as
 * newer rows arrive. Pipeline health is always measured on the wall clock.
 */
public enum DashboardClock {

    /** Now is the database server's {@code now()}. */
    WALL,

    /** Now is the newest {@code created_at} in core; the wall clock while core is empty. */
    DATA;

    /*
     * DATA: three backward index scans (one row each) on the UTC time indexes of V011; greatest() skips
     * the NULLs of empty tables. The wall clock comes from the database too, so that the windows agree
     * with the rows' timestamps even if this machine's clock is off.
     */
    private static final String WALL_NOW = "SELECT now() AS wall_now, NULL::timestamptz AS data_now";
    static final String DATA_NOW = """
            SELECT now() AS wall_now,
                   greatest((SELECT max(created_at AT TIME ZONE 'UTC') FROM core.orders),
                            (SELECT max(created_at AT TIME ZONE 'UTC') FROM core.order_items),
                            (SELECT max(created_at AT TIME ZONE 'UTC') FROM core.events)) AT TIME ZONE 'UTC' AS data_now""";

    /** Parses {@code wall} or {@code data}, any case. */
    public static DashboardClock parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown clock '" + text + "'; use 'wall' (real time) or 'data' "
                    + "(now = the newest created_at in core, for historical data)", e);
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
