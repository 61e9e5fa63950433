package dev.ecomstream.schema.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.testkit.Shop;
import dev.ecomstream.testkit.Shop.Event;
import dev.ecomstream.testkit.Shop.OrderItem;
import dev.ecomstream.testkit.Shop.Product;
import dev.ecomstream.testkit.Shop.ShopRow;
import dev.ecomstream.testkit.Shop.User;
import dev.ecomstream.testkit.ShopGenerator;
import dev.ecomstream.testkit.StagingDatabase;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The mart's aggregates, kept by the normaliser's deltas, against the one thing they must equal: a full GROUP BY
 * over the mart's facts, written here only, as the oracle. Checked after every run of a shop landed children
 * first (every fact starts on inferred, Unknown members), its parents late, new versions that change statuses,
 * prices, categories, countries and a session's first day, customers' first orders and orders moved between
 * customers, and a run with nothing new. mart.dim_customer's order history is also held against the GROUP BY over
 * every order that it was before V019.
 */
@ExtendWith(DevStackExtension.class)
class AggregatesIT {

    private static final String DAILY_SALES_COLUMNS = """
            order_date_key, category, distribution_center_key, signup_traffic_source_key, quantity, net_quantity,
            gross_sales_amount, net_sales_amount, cost_amount, margin_amount, net_cost_amount, net_margin_amount,
            uncosted_quantity, cancelled_quantity""";
    private static final String DAILY_SALES_ORACLE = """
            SELECT f.order_date_key, p.category, f.distribution_center_key, f.signup_traffic_source_key,
                   sum(f.quantity), sum(f.net_quantity), coalesce(sum(f.gross_sales_amount), 0),
                   coalesce(sum(f.net_sales_amount), 0), coalesce(sum(f.cost_amount), 0),
                   coalesce(sum(f.margin_amount), 0), coalesce(sum(f.cost_amount) FILTER (WHERE f.is_net_sale), 0),
                   coalesce(sum(f.margin_amount) FILTER (WHERE f.is_net_sale), 0),
                   count(*) FILTER (WHERE f.cost_amount IS NULL), count(*) FILTER (WHERE f.is_cancelled)
            FROM mart.fact_order_items f
            JOIN mart.dim_product p USING (product_key)
            GROUP BY 1, 2, 3, 4""";
    private static final String DAILY_ORDERS_COLUMNS = """
            order_date_key, signup_traffic_source_key, order_count, item_count, net_item_count, gross_sales_amount,
            net_sales_amount, cancelled_order_count, returned_order_count""";
    private static final String DAILY_ORDERS_ORACLE = """
            SELECT o.order_date_key, o.signup_traffic_source_key, count(*), sum(o.item_count), sum(o.net_item_count),
                   sum(o.gross_sales_amount), sum(o.net_sales_amount), count(*) FILTER (WHERE o.is_cancelled),
                   count(*) FILTER (WHERE o.is_returned)
            FROM mart.fact_orders o
            GROUP BY 1, 2""";
    private static final String DAILY_SESSIONS_COLUMNS = """
            session_date_key, session_traffic_source_key, country, session_count, logged_in_session_count,
            home_session_count, department_session_count, product_session_count, cart_session_count,
            purchasing_session_count, event_count, logged_in_event_count""";
    /*
     * per session from its events (its day is its first event's), as the analysis defines the funnel: a session
     * reaches a step if it has an event of that type
     */
    private static final String DAILY_SESSIONS_ORACLE = """
            SELECT min(e.event_date_key), e.session_traffic_source_key,
                   c.country, 1, (NOT bool_or(e.is_anonymous))::int,
                   bool_or(e.event_type = 'home')::int, bool_or(e.event_type = 'department')::int,
                   bool_or(e.event_type = 'product')::int, bool_or(e.event_type = 'cart')::int,
                   bool_or(e.event_type = 'purchase')::int, count(*),
                   CASE WHEN bool_or(e.is_anonymous) THEN 0 ELSE count(*) END
            FROM mart.fact_events e
            JOIN mart.dim_customer c USING (customer_key)
            GROUP BY e.session_key, e.session_traffic_source_key, c.country""";
    private static final String DAILY_SESSIONS_ORACLE_BY_DAY = """
            SELECT session_date_key, session_traffic_source_key, country, sum(sessions), sum(logged_in),
                   sum(home), sum(department), sum(product), sum(cart), sum(purchase), sum(events),
                   sum(logged_in_events)
            FROM (%s) AS per_session (session_date_key, session_traffic_source_key, country, sessions, logged_in,
                                      home, department, product, cart, purchase, events, logged_in_events)
            GROUP BY 1, 2, 3""".formatted(DAILY_SESSIONS_ORACLE);

    private static final String CUSTOMER_LIFETIME_COLUMNS = """
            customer_key, first_order_at, lifetime_orders, lifetime_net_sales_amount""";
    /* every order of a customer, any status; an order without one (-1) is in no customer's history */
    private static final String CUSTOMER_LIFETIME_ORACLE = """
            SELECT f.customer_key, min(f.ordered_at), count(*), sum(f.net_sales_amount)
            FROM mart.fact_orders f
            WHERE f.customer_key <> -1
            GROUP BY 1""";
    /* what dim_customer showed when it grouped every order on each read, customers without an order included */
    private static final String DIM_CUSTOMER_HISTORY_COLUMNS = """
            customer_key, first_order_date_key, cohort_month, lifetime_orders, lifetime_net_sales_amount""";
    private static final String DIM_CUSTOMER_HISTORY_ORACLE = """
            SELECT u.user_id, mart.date_key(min(o.created_at)), to_char(mart.utc(min(o.created_at)), 'YYYY-MM'),
                   count(o.order_id),
                   coalesce((SELECT sum(mart.net_sales_amount(oi.sale_price, oi.status, oi.returned_at))
                             FROM core.order_items oi JOIN core.orders bought USING (order_id)
                             WHERE bought.user_id = u.user_id), 0)
            FROM core.users u
            LEFT JOIN core.orders o ON o.user_id = u.user_id
            GROUP BY u.user_id
            UNION ALL
            SELECT -1, NULL, NULL, 0, 0""";
    private static final List<String> AGGREGATES = List.of("mart.daily_sales", "mart.daily_orders",
            "mart.daily_sessions", "mart.customer_lifetime");

    private final StagingDatabase db;

    AggregatesIT(DevStack stack) {
        this.db = StagingDatabase.create(stack, "aggregates");
    }

    @Test
    void shouldEqualAGroupByOverTheFactsAfterEveryRunWhateverOrderTheRowsArriveIn() {
        Shop shop = ShopGenerator.generate(18);
        List<Event> events = shop.rows(Event.class);
        List<Event> firstEvents = new ArrayList<>();
        List<Event> laterEvents = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            (i % 2 == 0 ? laterEvents : firstEvents).add(events.get(i));
        }

        // children first, one run per entity: sessions of customers not known yet, items of unknown orders
        // and stock, stock of unknown products
        land(firstEvents);
        land(shop.rows(OrderItem.class));
        assertAggregatesEqualTheFacts();
        assertThat(db.scalar("SELECT count(*) FROM mart.daily_sales WHERE category IS NULL OR category = 'Unknown'"))
                .as("items whose stock and product have not arrived").isNotEqualTo(0L);
        assertThat(db.scalar("SELECT count(*) FROM mart.customer_lifetime"))
                .as("orders known only from their items have no customer yet").isEqualTo(0L);
        long sessionsWithoutCountry = count("SELECT sum(session_count) FROM mart.daily_sessions WHERE country IS NULL");
        assertThat(sessionsWithoutCountry).isPositive();

        for (Class<? extends ShopRow> parents : List.of(Shop.Order.class, Shop.InventoryItem.class, User.class,
                Product.class)) {
            land(shop.rows(parents));
            assertAggregatesEqualTheFacts();
        }
        assertThat(db.scalar("SELECT count(*) FROM mart.daily_sales WHERE category IS NULL OR category = 'Unknown'"))
                .as("every item's product arrived").isEqualTo(0L);
        assertThat(db.scalar("SELECT count(*) FROM mart.customer_lifetime")).as("customers with orders")
                .isEqualTo(db.scalar("SELECT count(DISTINCT user_id) FROM core.orders"));
        assertThat(count("SELECT sum(session_count) FROM mart.daily_sessions WHERE country IS NULL"))
                .as("the customers' addresses arrived").isLessThan(sessionsWithoutCountry);

        // events for sessions core holds already, then the distribution centers last
        land(laterEvents);
        assertAggregatesEqualTheFacts();
        land(shop.rows(Shop.DistributionCenter.class));
        assertAggregatesEqualTheFacts();

        // new versions: statuses and prices change, a product changes category, a customer moves country and
        // source, a session gains an earlier first event (a new day) and a purchase
        List<OrderItem> items = shop.rows(OrderItem.class);
        OrderItem complete = items.stream().filter(i -> "Complete".equals(i.status())).findFirst().orElseThrow();
        OrderItem cancelled = items.stream().filter(i -> "Cancelled".equals(i.status())).findFirst().orElseThrow();
        land(List.of(
                new OrderItem(complete.id(), complete.orderId(), complete.userId(), complete.productId(),
                        complete.inventoryItemId(), "Returned", complete.createdAt(), complete.shippedAt(),
                        complete.deliveredAt(), complete.deliveredAt().plusDays(3), new BigDecimal("1.2345")),
                new OrderItem(cancelled.id(), cancelled.orderId(), cancelled.userId(), cancelled.productId(),
                        cancelled.inventoryItemId(), "Complete", cancelled.createdAt(), null, null, null,
                        cancelled.salePrice().add(BigDecimal.TEN))));
        assertAggregatesEqualTheFacts();

        Product product = shop.rows(Product.class).get(0);
        Event first = events.stream().filter(e -> e.userId() != null).findFirst().orElseThrow();
        User customer = shop.rows(User.class).stream().filter(u -> u.id() == first.userId()).findFirst()
                .orElseThrow();
        land(List.of(new Product(product.id(), product.cost(), "Renamed category", product.name(), product.brand(),
                product.retailPrice(), product.department(), product.sku(), product.distributionCenterId())));
        land(List.of(new User(customer.id(), customer.firstName(), customer.lastName(), customer.email(),
                customer.age(), customer.gender(), "Iceland", customer.state(), customer.city(),
                customer.streetAddress(), customer.postalCode(), null, null, "Newsletter", customer.createdAt())));
        land(List.of(new Event(1_000_000, first.userId(), 0, first.sessionId(), first.createdAt().minusDays(2),
                first.ipAddress(), first.city(), first.state(), first.postalCode(), first.browser(),
                first.trafficSource(), "/purchase", "purchase")));
        assertAggregatesEqualTheFacts();
        assertThat(db.scalar("SELECT count(*) FROM mart.daily_sales WHERE category = 'Renamed category'"))
                .isNotEqualTo(0L);
        assertThat(db.scalar("SELECT count(*) FROM mart.daily_sessions WHERE country = 'Iceland'")).isNotEqualTo(0L);

        // a customer's first order placed later (the next one becomes the first), another customer's only order
        // moved to a third customer (the second has no history left), cancelled and returned items of a
        // customer: counts, net sales and first orders follow
        List<Shop.Order> orders = shop.rows(Shop.Order.class);
        Map<Long, List<Shop.Order>> ordersByUser = orders.stream()
                .collect(Collectors.groupingBy(Shop.Order::userId));
        List<Shop.Order> repeatCustomer = ordersByUser.values().stream()
                .map(o -> o.stream().sorted(Comparator.comparing(Shop.Order::createdAt)).toList())
                .filter(o -> o.size() > 1 && items.stream().anyMatch(i -> i.orderId() == o.get(1).id()))
                .findFirst().orElseThrow();
        Shop.Order firstOrder = repeatCustomer.get(0);
        Shop.Order onlyOrder = ordersByUser.values().stream().filter(o -> o.size() == 1).findFirst().orElseThrow()
                .get(0);
        long thirdCustomer = shop.rows(User.class).stream().map(User::id)
                .filter(id -> id != onlyOrder.userId() && id != firstOrder.userId()).findFirst().orElseThrow();
        land(List.of(withUserAndTime(firstOrder, firstOrder.userId(),
                        repeatCustomer.get(repeatCustomer.size() - 1).createdAt().plusDays(30)),
                withUserAndTime(onlyOrder, thirdCustomer, onlyOrder.createdAt())));
        assertAggregatesEqualTheFacts();
        assertThat(db.scalar("SELECT first_order_at FROM mart.customer_lifetime WHERE customer_key = ?",
                firstOrder.userId())).as("the customer's second order is the first now").isNotNull()
                .isEqualTo(db.scalar("SELECT created_at FROM core.orders WHERE order_id = ?",
                        repeatCustomer.get(1).id()));
        assertThat(db.scalar("SELECT count(*) FROM mart.customer_lifetime WHERE customer_key = ?", onlyOrder.userId()))
                .as("a customer whose only order moved away has no history").isEqualTo(0L);
        List<OrderItem> itemsOfTheRepeatCustomer = items.stream().filter(i -> i.orderId() == repeatCustomer.get(1).id())
                .toList();
        land(itemsOfTheRepeatCustomer.stream().map(i -> withStatus(i, "Cancelled")).toList());
        assertAggregatesEqualTheFacts();
        land(itemsOfTheRepeatCustomer.stream().map(i -> withStatus(i, "Complete")).toList());
        assertAggregatesEqualTheFacts();
        land(itemsOfTheRepeatCustomer.stream().map(i -> withStatus(i, "Returned")).toList());
        assertAggregatesEqualTheFacts();

        String before = aggregatesFingerprint();
        db.normalise();
        assertThat(aggregatesFingerprint()).as("a run with nothing new writes nothing").isEqualTo(before);

        // a database whose facts predate the aggregates gets them filled once, from the same contributions
        db.execute("TRUNCATE mart.daily_sales, mart.daily_orders, mart.daily_sessions, mart.customer_lifetime");
        assertThat(db.scalar("SELECT core.fill_empty_aggregates()")).isEqualTo(true);
        assertAggregatesEqualTheFacts();
        assertThat(db.scalar("SELECT core.fill_empty_aggregates()")).as("not empty: nothing to fill").isEqualTo(false);

        // V019 on a database with facts: daily_sales and daily_sessions emptied (for their new counts), the new
        // customer_lifetime empty; only those fill, daily_orders keeps its rows
        String dailyOrders = fingerprint(List.of("mart.daily_orders"));
        db.execute("TRUNCATE mart.daily_sales, mart.daily_sessions, mart.customer_lifetime");
        assertThat(db.scalar("SELECT core.fill_empty_aggregates()")).isEqualTo(true);
        assertAggregatesEqualTheFacts();
        assertThat(fingerprint(List.of("mart.daily_orders"))).as("a full aggregate is left as it is")
                .isEqualTo(dailyOrders);
    }

    /**
     * A sink's session keeps the normaliser's scratch tables between runs: one that ran before V019 added the counts
     * has a delta table without them, which the next run must not insert into column by column.
     */
    @Test
    void shouldCreateAgainADeltaTableWhoseColumnsAreNoLongerItsAggregates() {
        List<Object> columns = new ArrayList<>();
        db.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                // the pooled connection may hold this build's scratch already
                statement.execute("DROP TABLE IF EXISTS pg_temp.daily_sales_delta");
                statement.execute("CREATE TEMP TABLE daily_sales_delta ON COMMIT DELETE ROWS AS"
                        + " SELECT * FROM mart.daily_sales WITH NO DATA");
                statement.execute("ALTER TABLE pg_temp.daily_sales_delta DROP COLUMN cancelled_quantity");
                statement.execute("SELECT core.create_aggregate_scratch()");
                try (ResultSet rows = statement.executeQuery("SELECT a.attname FROM pg_attribute a"
                        + " WHERE a.attrelid = 'pg_temp.daily_sales_delta'::regclass AND a.attnum > 0"
                        + " AND NOT a.attisdropped ORDER BY a.attnum")) {
                    while (rows.next()) {
                        columns.add(rows.getString(1));
                    }
                }
            }
        });
        assertThat(columns).containsExactlyElementsOf(db.query("SELECT attname FROM pg_attribute"
                + " WHERE attrelid = 'mart.daily_sales'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum")
                .stream().map(row -> row.get("attname")).toList());
        assertThat(columns).contains("cancelled_quantity");
    }

    @Test
    void shouldLetTheReaderRoleReadTheAggregatesAndNotWriteThem() {
        for (String aggregate : AGGREGATES) {
            assertThat(db.query("SELECT has_table_privilege('ecomstream_reader', ?, 'SELECT') AS reads,"
                    + " has_table_privilege('ecomstream_reader', ?, 'INSERT, UPDATE, DELETE, TRUNCATE') AS writes",
                    aggregate, aggregate)).as(aggregate).containsExactly(Map.of("reads", true, "writes", false));
        }
    }

    @Test
    void shouldLetTheWriterRoleKeepTheAggregates() {
        for (String aggregate : AGGREGATES) {
            assertThat(db.query("SELECT has_table_privilege('ecomstream_writer', ?, 'SELECT') AS reads,"
                    + " has_table_privilege('ecomstream_writer', ?, 'INSERT') AS inserts,"
                    + " has_table_privilege('ecomstream_writer', ?, 'UPDATE') AS updates,"
                    + " has_table_privilege('ecomstream_writer', ?, 'DELETE') AS deletes,"
                    + " has_table_privilege('ecomstream_writer', ?, 'TRUNCATE') AS truncates",
                    aggregate, aggregate, aggregate, aggregate, aggregate)).as(aggregate).containsExactly(
                    Map.of("reads", true, "inserts", true, "updates", true, "deletes", true, "truncates", false));
        }
    }

    /** Lands rows (of one entity) in one transaction and runs the normaliser. */
    private void land(List<? extends ShopRow> rows) {
        List<ShopRow> ordered = new ArrayList<>(rows);
        ordered.sort(Comparator.comparing(ShopRow::entity));
        db.inTransaction(connection -> {
            for (ShopRow row : ordered) {
                db.land(connection, row.entity(), row.stagingRow());
            }
        });
        db.normalise();
    }

    private void assertAggregatesEqualTheFacts() {
        assertEqualRows("mart.daily_sales", DAILY_SALES_COLUMNS, DAILY_SALES_ORACLE);
        assertEqualRows("mart.daily_orders", DAILY_ORDERS_COLUMNS, DAILY_ORDERS_ORACLE);
        assertEqualRows("mart.daily_sessions", DAILY_SESSIONS_COLUMNS, DAILY_SESSIONS_ORACLE_BY_DAY);
        for (String aggregate : AGGREGATES.subList(0, 3)) {
            assertThat(count("SELECT count(*) FROM " + aggregate)).as(aggregate).isPositive();
        }
        assertEqualRows("mart.customer_lifetime", CUSTOMER_LIFETIME_COLUMNS, CUSTOMER_LIFETIME_ORACLE);
        assertEqualRows("mart.dim_customer", DIM_CUSTOMER_HISTORY_COLUMNS, DIM_CUSTOMER_HISTORY_ORACLE);
    }

    private static Shop.Order withUserAndTime(Shop.Order order, long userId, OffsetDateTime createdAt) {
        return new Shop.Order(order.id(), userId, order.status(), order.gender(), createdAt, order.shippedAt(),
                order.deliveredAt(), order.returnedAt(), order.numOfItem());
    }

    private static OrderItem withStatus(OrderItem item, String status) {
        return new OrderItem(item.id(), item.orderId(), item.userId(), item.productId(), item.inventoryItemId(), status,
                item.createdAt(), item.shippedAt(), item.deliveredAt(),
                "Returned".equals(status) ? item.createdAt().plusDays(9) : null, item.salePrice());
    }

    private void assertEqualRows(String aggregate, String columns, String oracle) {
        String kept = "SELECT " + columns + " FROM " + aggregate;
        assertThat(db.query("(" + kept + ") EXCEPT ALL (" + oracle + ")")).as(aggregate + ": rows the facts do not give")
                .isEmpty();
        assertThat(db.query("(" + oracle + ") EXCEPT ALL (" + kept + ")")).as(aggregate + ": rows it lacks").isEmpty();
    }

    private long count(String sql) {
        Object value = db.scalar(sql);
        return value == null ? 0 : ((Number) value).longValue();
    }

    private String aggregatesFingerprint() {
        return fingerprint(AGGREGATES);
    }

    private String fingerprint(List<String> aggregates) {
        StringBuilder fingerprint = new StringBuilder();
        for (String aggregate : aggregates) {
            fingerprint.append(db.scalar("SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM " + aggregate
                    + " t")).append('\n');
        }
        return fingerprint.toString();
    }
}
