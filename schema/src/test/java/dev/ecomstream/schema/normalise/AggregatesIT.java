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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The mart's aggregates, kept by the normaliser's deltas, against the one thing they must equal: a full GROUP BY
 * over the mart's facts, written here only, as the oracle. Checked after every run of a shop landed children
 * first (every fact starts on inferred, Unknown members), its parents late, new versions that change statuses,
 * prices, categories, countries and a session's first day, and a run with nothing new.
 */
@ExtendWith(DevStackExtension.class)
class AggregatesIT {

    private static final String DAILY_SALES_COLUMNS = """
            order_date_key, category, distribution_center_key, signup_traffic_source_key, quantity, net_quantity,
            gross_sales_amount, net_sales_amount, cost_amount, margin_amount, net_cost_amount, net_margin_amount,
            uncosted_quantity""";
    private static final String DAILY_SALES_ORACLE = """
            SELECT f.order_date_key, p.category, f.distribution_center_key, f.signup_traffic_source_key,
                   sum(f.quantity), sum(f.net_quantity), coalesce(sum(f.gross_sales_amount), 0),
                   coalesce(sum(f.net_sales_amount), 0), coalesce(sum(f.cost_amount), 0),
                   coalesce(sum(f.margin_amount), 0), coalesce(sum(f.cost_amount) FILTER (WHERE f.is_net_sale), 0),
                   coalesce(sum(f.margin_amount) FILTER (WHERE f.is_net_sale), 0),
                   count(*) FILTER (WHERE f.cost_amount IS NULL)
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
            purchasing_session_count, event_count""";
    /*
     * per session from its events (its day is its first event's), as the analysis defines the funnel: a session
     * reaches a step if it has an event of that type
     */
    private static final String DAILY_SESSIONS_ORACLE = """
            SELECT min(e.event_date_key), e.session_traffic_source_key,
                   c.country, 1, (NOT bool_or(e.is_anonymous))::int,
                   bool_or(e.event_type = 'home')::int, bool_or(e.event_type = 'department')::int,
                   bool_or(e.event_type = 'product')::int, bool_or(e.event_type = 'cart')::int,
                   bool_or(e.event_type = 'purchase')::int, count(*)
            FROM mart.fact_events e
            JOIN mart.dim_customer c USING (customer_key)
            GROUP BY e.session_key, e.session_traffic_source_key, c.country""";
    private static final String DAILY_SESSIONS_ORACLE_BY_DAY = """
            SELECT session_date_key, session_traffic_source_key, country, sum(sessions), sum(logged_in),
                   sum(home), sum(department), sum(product), sum(cart), sum(purchase), sum(events)
            FROM (%s) AS per_session (session_date_key, session_traffic_source_key, country, sessions, logged_in,
                                      home, department, product, cart, purchase, events)
            GROUP BY 1, 2, 3""".formatted(DAILY_SESSIONS_ORACLE);

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
        long sessionsWithoutCountry = count("SELECT sum(session_count) FROM mart.daily_sessions WHERE country IS NULL");
        assertThat(sessionsWithoutCountry).isPositive();

        for (Class<? extends ShopRow> parents : List.of(Shop.Order.class, Shop.InventoryItem.class, User.class,
                Product.class)) {
            land(shop.rows(parents));
            assertAggregatesEqualTheFacts();
        }
        assertThat(db.scalar("SELECT count(*) FROM mart.daily_sales WHERE category IS NULL OR category = 'Unknown'"))
                .as("every item's product arrived").isEqualTo(0L);
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

        String before = aggregatesFingerprint();
        db.normalise();
        assertThat(aggregatesFingerprint()).as("a run with nothing new writes nothing").isEqualTo(before);

        // a database whose facts predate the aggregates gets them filled once, from the same contributions
        db.execute("TRUNCATE mart.daily_sales, mart.daily_orders, mart.daily_sessions");
        assertThat(db.scalar("SELECT core.fill_empty_aggregates()")).isEqualTo(true);
        assertAggregatesEqualTheFacts();
        assertThat(db.scalar("SELECT core.fill_empty_aggregates()")).as("not empty: nothing to fill").isEqualTo(false);
    }

    @Test
    void shouldLetTheReaderRoleReadTheAggregatesAndNotWriteThem() {
        for (String aggregate : List.of("mart.daily_sales", "mart.daily_orders", "mart.daily_sessions")) {
            assertThat(db.query("SELECT has_table_privilege('ecomstream_reader', ?, 'SELECT') AS reads,"
                    + " has_table_privilege('ecomstream_reader', ?, 'INSERT, UPDATE, DELETE, TRUNCATE') AS writes",
                    aggregate, aggregate)).as(aggregate).containsExactly(Map.of("reads", true, "writes", false));
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
    }

    private void assertEqualRows(String aggregate, String columns, String oracle) {
        String kept = "SELECT " + columns + " FROM " + aggregate;
        assertThat(db.query("(" + kept + ") EXCEPT ALL (" + oracle + ")")).as(aggregate + ": rows the facts do not give")
                .isEmpty();
        assertThat(db.query("(" + oracle + ") EXCEPT ALL (" + kept + ")")).as(aggregate + ": rows it lacks").isEmpty();
        assertThat(count("SELECT count(*) FROM " + aggregate)).as(aggregate).isPositive();
    }

    private long count(String sql) {
        Object value = db.scalar(sql);
        return value == null ? 0 : ((Number) value).longValue();
    }

    private String aggregatesFingerprint() {
        StringBuilder fingerprint = new StringBuilder();
        for (String aggregate : List.of("mart.daily_sales", "mart.daily_orders", "mart.daily_sessions")) {
            fingerprint.append(db.scalar("SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM " + aggregate
                    + " t")).append('\n');
        }
        return fingerprint.toString();
    }
}
