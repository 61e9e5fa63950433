package dev.ecomstream.dashboard;

import dev.ecomstream.dashboard.Panels.EventSeries;
import dev.ecomstream.dashboard.Panels.EventsPerMinute;
import dev.ecomstream.dashboard.Panels.Funnel;
import dev.ecomstream.dashboard.Panels.FunnelStep;
import dev.ecomstream.dashboard.Panels.OrdersPerMinute;
import dev.ecomstream.dashboard.Panels.Sales;
import dev.ecomstream.dashboard.Panels.Seller;
import dev.ecomstream.dashboard.Panels.TopSellers;
import dev.ecomstream.dashboard.Panels.Window;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The SQL behind the business panels: what sells, and how visitors move through the shop.
 *
 * <p>Every query reads the mart, the published contract (never core's tables), one time window at a time: a
 * filter on a fact's {@code *_at_utc} column is a filter on {@code created_at AT TIME ZONE 'UTC'}, the
 * expression of core's UTC time indexes (V011), and the facts join their parents by primary key, so a
 * query's cost follows the rows in the window, not the size of the tables ({@code PanelQueryPlansIT} checks
 * the plans with EXPLAIN). The windows end at the clock's "now"; the statements are public so that test can
 * explain them. The measures are the mart's: revenue is {@code net_sales_amount} (cancelled and returned
 * items count 0), an order is a row of {@code mart.fact_orders}, a session a {@code session_key}.
 *
 * <p>Thread-safe; takes a connection from the data source per call.
 */
public final class PanelQueries {

    /** The steps of the funnel, in the order a visitor goes through the shop. */
    public static final List<String> FUNNEL_STEPS = List.of("home", "department", "product", "cart", "purchase");

    /*
     * The event types of TheLook in a reading order, always present (zeros included) so that a type keeps
     * its place and colour on the chart; other types seen in the data follow, by name.
     */
    private static final List<String> KNOWN_EVENT_TYPES =
            List.of("home", "department", "product", "cart", "purchase", "cancel");

    /*
     * %1$s is the lower bound's operator: '>' for a sliding window, '>=' for a day that starts at midnight.
     * Average order value is net sales per order and conversion rate is the share of the window's sessions
     * with a purchase: the Power BI model's Average Order Value and Conversion Rate, on the same columns.
     */
    private static final String WINDOW_TOTALS = """
            SELECT orders.orders, orders.items, orders.revenue,
                   round(orders.revenue / nullif(orders.orders, 0), 2) AS average_order_value,
                   sessions.sessions, sessions.purchasing_sessions,
                   sessions.purchasing_sessions::float8 / nullif(sessions.sessions, 0) AS conversion_rate
            FROM (SELECT count(*) AS orders, coalesce(sum(item_count), 0) AS items,
                         coalesce(sum(net_sales_amount), 0) AS revenue
                  FROM mart.fact_orders
                  WHERE ordered_at_utc %1$s (?::timestamptz AT TIME ZONE 'UTC')
                    AND ordered_at_utc <= (?::timestamptz AT TIME ZONE 'UTC')) AS orders,
                 (SELECT count(DISTINCT session_key) AS sessions,
                         count(DISTINCT session_key) FILTER (WHERE event_type = 'purchase') AS purchasing_sessions
                  FROM mart.fact_events
                  WHERE event_at_utc %1$s (?::timestamptz AT TIME ZONE 'UTC')
                    AND event_at_utc <= (?::timestamptz AT TIME ZONE 'UTC')) AS sessions""";
    public static final String SLIDING_WINDOW_TOTALS = WINDOW_TOTALS.formatted(">");
    public static final String DAY_TOTALS = WINDOW_TOTALS.formatted(">=");

    public static final String ORDERS_PER_MINUTE = """
            SELECT date_trunc('minute', ordered_at_utc) AT TIME ZONE 'UTC' AS minute, count(*) AS orders
            FROM mart.fact_orders
            WHERE ordered_at_utc >= (?::timestamptz AT TIME ZONE 'UTC') AND ordered_at_utc <= (?::timestamptz AT TIME ZONE 'UTC')
            GROUP BY 1""";

    public static final String EVENTS_PER_MINUTE = """
            SELECT date_trunc('minute', event_at_utc) AT TIME ZONE 'UTC' AS minute,
                   coalesce(event_type, 'unknown') AS event_type, count(*) AS events
            FROM mart.fact_events
            WHERE event_at_utc >= (?::timestamptz AT TIME ZONE 'UTC') AND event_at_utc <= (?::timestamptz AT TIME ZONE 'UTC')
            GROUP BY 1, 2""";

    public static final String FUNNEL = """
            SELECT event_type, count(DISTINCT session_key) AS sessions
            FROM mart.fact_events
            WHERE event_at_utc > (?::timestamptz AT TIME ZONE 'UTC') AND event_at_utc <= (?::timestamptz AT TIME ZONE 'UTC')
              AND event_type IN ('home', 'department', 'product', 'cart', 'purchase')
            GROUP BY event_type""";

    /*
     * The window's items per product, first: the top products and categories then read dim_product by key for the
     * few products sold.
     */
    private static final String SOLD_IN_WINDOW = """
            WITH sold AS MATERIALIZED (
                SELECT product_key, count(*) AS items, sum(net_sales_amount) AS revenue
                FROM mart.fact_order_items
                WHERE ordered_at_utc > (?::timestamptz AT TIME ZONE 'UTC') AND ordered_at_utc <= (?::timestamptz AT TIME ZONE 'UTC')
                GROUP BY product_key)
            """;

    public static final String TOP_PRODUCTS = SOLD_IN_WINDOW + """
            SELECT sold.product_key::text AS key, coalesce(p.product_name, 'product ' || sold.product_key) AS name,
                   concat_ws(' · ', p.brand, p.category) AS detail, sold.items, sold.revenue
            FROM sold
            LEFT JOIN mart.dim_product p ON p.product_key = sold.product_key
            ORDER BY sold.revenue DESC NULLS LAST, sold.items DESC, sold.product_key
            LIMIT ?""";

    public static final String TOP_CATEGORIES = SOLD_IN_WINDOW + """
            SELECT coalesce(p.category, 'Unknown') AS key, coalesce(p.category, 'Unknown') AS name,
                   count(*) || CASE count(*) WHEN 1 THEN ' product' ELSE ' products' END AS detail,
                   sum(sold.items) AS items, sum(sold.revenue) AS revenue
            FROM sold
            LEFT JOIN mart.dim_product p ON p.product_key = sold.product_key
            GROUP BY coalesce(p.category, 'Unknown')
            ORDER BY revenue DESC NULLS LAST, items DESC, key
            LIMIT ?""";

    private final DataSource dataSource;
    private final DashboardClock clock;

    public PanelQueries(DataSource dataSource, DashboardClock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Orders, items and revenue in the last {@code minutes} minutes and since the start of now's UTC day. */
    public Sales sales(int minutes) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Instant now = clock.now(connection);
            Instant from = now.minus(Duration.ofMinutes(minutes));
            Instant midnight = now.truncatedTo(ChronoUnit.DAYS);
            return new Sales(now.toString(), clock.label(), minutes,
                    totals(connection, SLIDING_WINDOW_TOTALS, from, now),
                    totals(connection, DAY_TOTALS, midnight, now));
        }
    }

    /** Orders per UTC minute over the last {@code hours} hours. */
    public OrdersPerMinute ordersPerMinute(int hours) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Instant now = clock.now(connection);
            List<Instant> minutes = minutesUpTo(now, hours);
            long[] counts = new long[minutes.size()];
            try (PreparedStatement statement = connection.prepareStatement(ORDERS_PER_MINUTE)) {
                bindWindow(statement, 1, minutes.get(0), now);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        counts[minuteIndex(minutes, rows)] += rows.getLong("orders");
                    }
                }
            }
            return new OrdersPerMinute(now.toString(), labels(minutes), Arrays.stream(counts).boxed().toList());
        }
    }

    /** Events per UTC minute and event type over the last {@code hours} hours. */
    public EventsPerMinute eventsPerMinute(int hours) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Instant now = clock.now(connection);
            List<Instant> minutes = minutesUpTo(now, hours);
            Map<String, long[]> countsByType = new LinkedHashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(EVENTS_PER_MINUTE)) {
                bindWindow(statement, 1, minutes.get(0), now);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        long[] counts = countsByType.computeIfAbsent(rows.getString("event_type"),
                                type -> new long[minutes.size()]);
                        counts[minuteIndex(minutes, rows)] += rows.getLong("events");
                    }
                }
            }
            List<EventSeries> series = new ArrayList<>();
            for (String type : eventTypesInOrder(countsByType.keySet())) {
                long[] counts = countsByType.getOrDefault(type, new long[minutes.size()]);
                series.add(new EventSeries(type, Arrays.stream(counts).boxed().toList()));
            }
            return new EventsPerMinute(now.toString(), labels(minutes), series);
        }
    }

    /** Sessions per funnel step in the last {@code minutes} minutes. */
    public Funnel funnel(int minutes) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Instant now = clock.now(connection);
            Instant from = now.minus(Duration.ofMinutes(minutes));
            Map<String, Long> sessions = new LinkedHashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(FUNNEL)) {
                bindWindow(statement, 1, from, now);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        sessions.put(rows.getString("event_type"), rows.getLong("sessions"));
                    }
                }
            }
            List<FunnelStep> steps = new ArrayList<>();
            long first = sessions.getOrDefault(FUNNEL_STEPS.get(0), 0L);
            long previous = -1;
            for (String step : FUNNEL_STEPS) {
                long count = sessions.getOrDefault(step, 0L);
                steps.add(new FunnelStep(step, count, previous < 0 ? null : fraction(count, previous),
                        fraction(count, first)));
                previous = count;
            }
            return new Funnel(from.toString(), now.toString(), steps);
        }
    }

    /** The {@code limit} products with the most revenue in the last {@code minutes} minutes. */
    public TopSellers topProducts(int minutes, int limit) throws SQLException {
        return topSellers(TOP_PRODUCTS, minutes, limit);
    }

    /** The {@code limit} categories with the most revenue in the last {@code minutes} minutes. */
    public TopSellers topCategories(int minutes, int limit) throws SQLException {
        return topSellers(TOP_CATEGORIES, minutes, limit);
    }

    private TopSellers topSellers(String sql, int minutes, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Instant now = clock.now(connection);
            Instant from = now.minus(Duration.ofMinutes(minutes));
            List<Seller> sellers = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bindWindow(statement, 1, from, now);
                statement.setInt(3, limit);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        sellers.add(new Seller(rows.getString("key"), rows.getString("name"),
                                rows.getString("detail"), rows.getLong("items"), rows.getBigDecimal("revenue")));
                    }
                }
            }
            return new TopSellers(from.toString(), now.toString(), sellers);
        }
    }

    private static Window totals(Connection connection, String sql, Instant from, Instant to) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bindWindow(statement, 1, from, to);
            bindWindow(statement, 3, from, to);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return new Window(from.toString(), to.toString(), row.getLong("orders"), row.getLong("items"),
                        row.getBigDecimal("revenue"), row.getBigDecimal("average_order_value"),
                        row.getLong("sessions"), row.getLong("purchasing_sessions"),
                        row.getObject("conversion_rate", Double.class));
            }
        }
    }

    /** Binds a window's two bounds at {@code index} and {@code index + 1}. */
    static void bindWindow(PreparedStatement statement, int index, Instant from, Instant to) throws SQLException {
        statement.setObject(index, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
        statement.setObject(index + 1, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
    }

    /** The starts of the {@code hours * 60} UTC minutes that end with now's minute, oldest first. */
    static List<Instant> minutesUpTo(Instant now, int hours) {
        return lastMinutes(now, hours * 60);
    }

    /** The starts of the {@code count} UTC minutes that end with now's minute, oldest first. */
    static List<Instant> lastMinutes(Instant now, int count) {
        Instant last = now.truncatedTo(ChronoUnit.MINUTES);
        List<Instant> minutes = new ArrayList<>(count);
        for (int i = count - 1; i >= 0; i--) {
            minutes.add(last.minus(Duration.ofMinutes(i)));
        }
        return minutes;
    }

    static int minuteIndex(List<Instant> minutes, ResultSet row) throws SQLException {
        Instant minute = row.getObject("minute", OffsetDateTime.class).toInstant();
        int index = (int) Duration.between(minutes.get(0), minute).toMinutes();
        // the query's bounds are the first and the last minute, so a row outside them is a bug here
        if (index < 0 || index >= minutes.size()) {
            throw new IllegalStateException("minute " + minute + " is outside " + minutes.get(0) + ".."
                    + minutes.get(minutes.size() - 1));
        }
        return index;
    }

    private static List<String> labels(List<Instant> minutes) {
        return minutes.stream().map(Instant::toString).toList();
    }

    private static List<String> eventTypesInOrder(Set<String> seen) {
        List<String> ordered = new ArrayList<>(KNOWN_EVENT_TYPES);
        List<String> others = new ArrayList<>(seen);
        others.removeAll(KNOWN_EVENT_TYPES);
        Collections.sort(others);
        ordered.addAll(others);
        return ordered;
    }

    private static Double fraction(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
