package dev.ecomstream.schema.normalise;

import static dev.ecomstream.testkit.StagingDatabase.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.testkit.StagingDatabase;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The star schema against figures this test computes itself from the rows it lands. */
@ExtendWith(DevStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MartIT {

    private static final Instant ORDERED = Instant.parse("2024-03-30T22:15:00Z");
    private static final Instant SHIPPED = Instant.parse("2024-04-01T08:00:00Z");
    private static final Instant DELIVERED = Instant.parse("2024-04-04T17:30:00Z");

    private final StagingDatabase db;

    MartIT(DevStack stack) {
        this.db = StagingDatabase.create(stack, "mart");
    }

    @BeforeAll
    void landAShop() {
        ShopFixture.landCenterAndProduct(db);  // product 10: cost 12.50, center 1
        db.land(Entity.PRODUCTS, row("id", 11, "cost", "3.3333", "name", "Socks", "brand", "Acme",
                "category", "Socks", "department", "Women", "retail_price", "9.99"));  // no center
        db.land(Entity.INVENTORY_ITEMS,
                row("id", 100, "product_id", 10, "cost", "12.75"),
                row("id", 101, "product_id", 11, "cost", null));  // falls back to the product's cost
        ShopFixture.landUser(db);
        db.land(Entity.ORDERS, row("order_id", 5000, "user_id", ShopFixture.USER, "status", "Complete",
                "created_at", ORDERED.toString(), "num_of_item", 2));
        db.land(Entity.ORDER_ITEMS,
                row("id", 7000, "order_id", 5000, "inventory_item_id", 100, "status", "Complete",
                        "created_at", ORDERED.toString(), "shipped_at", SHIPPED.toString(),
                        "delivered_at", DELIVERED.toString(), "sale_price", "39.99"),
                row("id", 7001, "order_id", 5000, "inventory_item_id", 101, "status", "Returned",
                        "created_at", ORDERED.toString(), "shipped_at", SHIPPED.toString(),
                        "returned_at", DELIVERED.toString(), "sale_price", "9.99"));
        // a second order: an item whose status was not recorded, priced as the CSVs do (a binary float), and a
        // cancelled one
        db.land(Entity.ORDERS, row("order_id", 5001, "user_id", ShopFixture.USER, "status", "Processing",
                "created_at", SHIPPED.toString(), "num_of_item", 2));
        db.land(Entity.ORDER_ITEMS,
                row("id", 7002, "order_id", 5001, "inventory_item_id", 100, "status", null,
                        "created_at", SHIPPED.toString(), "sale_price", "5.9499998092651367"),
                row("id", 7003, "order_id", 5001, "inventory_item_id", 101, "status", "Cancelled",
                        "created_at", SHIPPED.toString(), "sale_price", "20.00"));
        db.land(Entity.EVENTS,
                row("id", 1, "user_id", ShopFixture.USER, "sequence_number", 1, "session_id", ShopFixture.SESSION,
                        "created_at", ORDERED.toString(), "traffic_source", "Email", "event_type", "home"),
                row("id", 2, "user_id", null, "sequence_number", 1, "session_id", ShopFixture.ANONYMOUS_SESSION,
                        "created_at", ORDERED.toString(), "traffic_source", "Adwords", "event_type", "home"),
                row("id", 3, "user_id", ShopFixture.USER, "sequence_number", 2, "session_id", ShopFixture.SESSION,
                        "created_at", ORDERED.plusSeconds(60).toString(), "traffic_source", "Email",
                        "event_type", "cart"),
                row("id", 4, "user_id", ShopFixture.USER, "sequence_number", 3, "session_id", ShopFixture.SESSION,
                        "created_at", ORDERED.plusSeconds(90).toString(), "traffic_source", "Email",
                        "event_type", "purchase"));
        db.normalise();
    }

    @Test
    void shouldComputeSalesCostMarginAndFulfilmentDaysPerOrderItem() {
        Map<String, Object> item = db.query("""
                SELECT customer_key, product_key, distribution_center_key, order_date_key, shipped_date_key,
                       gross_sales_amount, net_sales_amount, cost_amount, margin_amount, days_to_ship,
                       days_in_transit, fulfilment_days, is_returned
                FROM mart.fact_order_items WHERE order_item_key = 7000""").get(0);

        assertThat(item).containsEntry("customer_key", ShopFixture.USER).containsEntry("product_key", 10L)
                .containsEntry("distribution_center_key", 1L)
                .containsEntry("order_date_key", 20240330).containsEntry("shipped_date_key", 20240401)
                .containsEntry("is_returned", false);
        assertThat((BigDecimal) item.get("gross_sales_amount")).isEqualByComparingTo("39.99");
        assertThat((BigDecimal) item.get("net_sales_amount")).isEqualByComparingTo("39.99");
        assertThat((BigDecimal) item.get("cost_amount")).isEqualByComparingTo("12.75");
        assertThat((BigDecimal) item.get("margin_amount"))
                .isEqualByComparingTo(new BigDecimal("39.99").subtract(new BigDecimal("12.75")));
        assertThat((BigDecimal) item.get("days_to_ship")).isEqualByComparingTo(days(ORDERED, SHIPPED));
        assertThat((BigDecimal) item.get("days_in_transit")).isEqualByComparingTo(days(SHIPPED, DELIVERED));
        assertThat((BigDecimal) item.get("fulfilment_days")).isEqualByComparingTo(days(ORDERED, DELIVERED));
    }

    @Test
    void shouldTakeTheProductCostWhenTheInventoryItemHasNoneAndUseTheUnknownCenter() {
        Map<String, Object> item = db.query("""
                SELECT cost_amount, margin_amount, distribution_center_key, is_returned, fulfilment_days
                FROM mart.fact_order_items WHERE order_item_key = 7001""").get(0);

        assertThat((BigDecimal) item.get("cost_amount")).isEqualByComparingTo("3.3333");
        assertThat((BigDecimal) item.get("margin_amount")).isEqualByComparingTo("6.6567");
        assertThat(item).containsEntry("distribution_center_key", -1L).containsEntry("is_returned", true)
                .containsEntry("fulfilment_days", null);
    }

    @Test
    void shouldGiveAnonymousEventsTheUnknownCustomer() {
        assertThat(db.query("SELECT event_key, customer_key, is_anonymous FROM mart.fact_events WHERE event_key <= 2"
                + " ORDER BY event_key"))
                .containsExactly(row("event_key", 1L, "customer_key", ShopFixture.USER, "is_anonymous", false),
                        row("event_key", 2L, "customer_key", -1L, "is_anonymous", true));
        assertThat(db.scalar("SELECT customer_label FROM mart.dim_customer WHERE customer_key = -1"))
                .isEqualTo("Unknown (anonymous)");
    }

    @ParameterizedTest
    @CsvSource({
            "fact_order_items, customer_key,            dim_customer,            customer_key",
            "fact_order_items, product_key,             dim_product,             product_key",
            "fact_order_items, distribution_center_key, dim_distribution_center, distribution_center_key",
            "fact_order_items, signup_traffic_source_key, dim_traffic_source,    traffic_source_key",
            "fact_order_items, order_key,               fact_orders,             order_key",
            "fact_order_items, order_date_key,          dim_date,                date_key",
            "fact_order_items, shipped_date_key,        dim_date,                date_key",
            "fact_order_items, delivered_date_key,      dim_date,                date_key",
            "fact_order_items, returned_date_key,       dim_date,                date_key",
            "fact_orders,      customer_key,            dim_customer,            customer_key",
            "fact_orders,      signup_traffic_source_key, dim_traffic_source,    traffic_source_key",
            "fact_orders,      order_date_key,          dim_date,                date_key",
            "fact_events,      customer_key,            dim_customer,            customer_key",
            "fact_events,      session_traffic_source_key, dim_traffic_source,   traffic_source_key",
            "fact_events,      event_date_key,          dim_date,                date_key",
            "fact_events,      session_key,             fact_sessions,           session_key",
            "fact_sessions,    customer_key,            dim_customer,            customer_key",
            "fact_sessions,    session_traffic_source_key, dim_traffic_source,   traffic_source_key",
            "fact_sessions,    session_date_key,        dim_date,                date_key",
            "fact_sessions,    furthest_funnel_step_key, dim_funnel_step,        funnel_step_key",
            "fact_inventory_items, product_key,         dim_product,             product_key",
            "fact_inventory_items, distribution_center_key, dim_distribution_center, distribution_center_key",
            "fact_inventory_items, created_date_key,    dim_date,                date_key",
            "fact_inventory_items, sold_date_key,       dim_date,                date_key",
            "dim_customer,     signup_traffic_source_key, dim_traffic_source,    traffic_source_key",
            "dim_customer,     first_order_date_key,    dim_date,                date_key",
            "dim_product,      distribution_center_key, dim_distribution_center, distribution_center_key"})
    void shouldFindEveryKeyOfAFactInItsDimension(String fact, String key, String dimension, String dimensionKey) {
        assertThat(db.scalar("SELECT count(*) FROM mart." + fact + " f WHERE f." + key + " IS NOT NULL"
                + " AND NOT EXISTS (SELECT FROM mart." + dimension + " d WHERE d." + dimensionKey + " = f." + key + ")"))
                .isEqualTo(0L);
        assertThat(db.scalar("SELECT count(*) - count(DISTINCT " + dimensionKey + ") FROM mart." + dimension))
                .as("dimension keys are unique").isEqualTo(0L);
    }

    @Test
    void shouldCountAnItemOfUnknownStatusInNetSalesAndLeaveOutCancelledAndReturnedOnes() {
        assertThat(db.query("""
                SELECT order_item_key, item_status, is_cancelled, is_returned, is_net_sale, net_quantity,
                       gross_sales_amount::text AS gross, net_sales_amount::text AS net
                FROM mart.fact_order_items ORDER BY order_item_key""")).containsExactly(
                row("order_item_key", 7000L, "item_status", "Complete", "is_cancelled", false, "is_returned", false,
                        "is_net_sale", true, "net_quantity", 1, "gross", "39.9900", "net", "39.9900"),
                row("order_item_key", 7001L, "item_status", "Returned", "is_cancelled", false, "is_returned", true,
                        "is_net_sale", false, "net_quantity", 0, "gross", "9.9900", "net", "0.0000"),
                row("order_item_key", 7002L, "item_status", null, "is_cancelled", false, "is_returned", false,
                        "is_net_sale", true, "net_quantity", 1, "gross", "5.9500", "net", "5.9500"),
                row("order_item_key", 7003L, "item_status", "Cancelled", "is_cancelled", true, "is_returned", false,
                        "is_net_sale", false, "net_quantity", 0, "gross", "20.0000", "net", "0.0000"));
        // the dashboard and the headline numbers call the same functions on core's rows
        assertThat(db.query("""
                SELECT sum(mart.gross_sales_amount(sale_price)) AS gross,
                       sum(mart.net_sales_amount(sale_price, status, returned_at)) AS net
                FROM core.order_items""")).isEqualTo(db.query("""
                SELECT sum(gross_sales_amount) AS gross, sum(net_sales_amount) AS net FROM mart.fact_order_items"""));
        assertThat(db.query("SELECT mart.is_returned('Complete', now()) AS by_date")).as("a return date is a return")
                .containsExactly(row("by_date", true));
    }

    @Test
    void shouldSumEachOrdersItemsSoThatEveryGrainAgrees() {
        assertThat(db.query("""
                SELECT order_key, order_status, item_count, net_item_count, declared_item_count,
                       gross_sales_amount::text AS gross, net_sales_amount::text AS net, is_cancelled
                FROM mart.fact_orders ORDER BY order_key""")).containsExactly(
                row("order_key", 5000L, "order_status", "Complete", "item_count", 2L, "net_item_count", 1L,
                        "declared_item_count", 2, "gross", "49.9800", "net", "39.9900", "is_cancelled", false),
                row("order_key", 5001L, "order_status", "Processing", "item_count", 2L, "net_item_count", 1L,
                        "declared_item_count", 2, "gross", "25.9500", "net", "5.9500", "is_cancelled", false));
        assertThat(db.query("SELECT sum(gross_sales_amount) AS gross, sum(net_sales_amount) AS net FROM mart.fact_orders"))
                .isEqualTo(db.query("""
                        SELECT sum(gross_sales_amount) AS gross, sum(net_sales_amount) AS net
                        FROM mart.fact_order_items"""));
    }

    @Test
    void shouldGiveEachCustomerTheFirstOrderCohortAndLifetimeFiguresWithoutPersonalData() {
        assertThat(db.query("""
                SELECT customer_label, first_order_date_key, cohort_month, lifetime_orders,
                       lifetime_net_sales_amount::text AS lifetime_net, city, country
                FROM mart.dim_customer WHERE customer_key = ?""", ShopFixture.USER)).containsExactly(
                row("customer_label", "Customer " + ShopFixture.USER, "first_order_date_key", 20240330,
                        "cohort_month", "2024-03", "lifetime_orders", 2L, "lifetime_net", "45.9400",
                        "city", "Memphis", "country", "United States"));
        assertThat(db.query("""
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = 'mart' AND column_name IN ('first_name', 'last_name', 'customer_name', 'email',
                      'street_address', 'postal_code', 'ip_address')
                   OR table_schema = 'mart' AND table_name = 'dim_customer' AND column_name IN ('latitude', 'longitude')
                """)).as("personal data stay out of mart").isEmpty();
        assertThat(db.query("SELECT email, street_address FROM personal.customer_contacts")).containsExactly(
                row("email", "ada@example.com", "street_address", "1 Main St"));
    }

    @Test
    void shouldTellHowFarEachSessionWentAndWhetherItBought() {
        assertThat(db.query("""
                SELECT customer_key, event_count, furthest_funnel_step_key, f.funnel_step, is_purchased,
                       duration_seconds, session_date_key, session_start_hour_of_day, started_at_utc
                FROM mart.fact_sessions s JOIN mart.dim_funnel_step f ON f.funnel_step_key = s.furthest_funnel_step_key
                ORDER BY customer_key""")).containsExactly(
                row("customer_key", -1L, "event_count", 1, "furthest_funnel_step_key", 1, "funnel_step", "home",
                        "is_purchased", false, "duration_seconds", 0, "session_date_key", 20240330,
                        "session_start_hour_of_day", 22,
                        "started_at_utc", java.sql.Timestamp.valueOf("2024-03-30 22:15:00")),
                row("customer_key", ShopFixture.USER, "event_count", 3, "furthest_funnel_step_key", 5,
                        "funnel_step", "purchase", "is_purchased", true, "duration_seconds", 90,
                        "session_date_key", 20240330, "session_start_hour_of_day", 22,
                        "started_at_utc", java.sql.Timestamp.valueOf("2024-03-30 22:15:00")));
        assertThat(db.scalar("SELECT count(DISTINCT session_key) FROM mart.fact_events")).isEqualTo(2L);
    }

    @ParameterizedTest
    @CsvSource({
            "2024-01-01, 2024, 1,  2024-W01, 2024-01-01",
            "2024-12-29, 2024, 52, 2024-W52, 2024-12-23",
            "2024-12-30, 2025, 1,  2025-W01, 2024-12-30"})
    void shouldPairTheIsoWeekWithTheIsoYear(String date, int isoYear, int isoWeek, String yearWeek, String weekStart) {
        assertThat(db.query("""
                SELECT iso_year, iso_week, iso_year_week, week_start_date::text AS week_start
                FROM mart.dim_date WHERE date = ?::date""", date)).containsExactly(
                row("iso_year", isoYear, "iso_week", isoWeek, "iso_year_week", yearWeek, "week_start", weekStart));
    }

    @Test
    void shouldGivePowerBiFixedDecimalMoneyUtcTimestampsAndIntegerKeys() {
        assertThat(db.query("""
                SELECT table_name, column_name, data_type, numeric_precision, numeric_scale
                FROM information_schema.columns
                WHERE table_schema = 'mart'
                  AND (column_name LIKE '%amount' AND (data_type <> 'numeric' OR numeric_precision IS DISTINCT FROM 19
                                                       OR numeric_scale IS DISTINCT FROM 4)
                       OR (column_name LIKE '%at_utc' OR column_name = 'last_modified_at')
                          AND data_type <> 'timestamp without time zone'
                       OR column_name LIKE '%key' AND data_type NOT IN ('integer', 'bigint')
                       OR data_type = 'uuid')""")).isEmpty();
        assertThat(db.query("""
                SELECT table_name FROM information_schema.views
                WHERE table_schema = 'mart' AND table_name LIKE 'fact%'
                EXCEPT
                SELECT table_name FROM information_schema.columns
                WHERE table_schema = 'mart' AND column_name = 'last_modified_at'""")).as("facts without last_modified_at")
                .isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "fact_order_items, ordered_at_utc,   order_items_created_at_utc_idx",
            "fact_orders,      ordered_at_utc,   orders_created_at_utc_idx",
            "fact_events,      event_at_utc,     events_created_at_utc_idx",
            "fact_events,      last_modified_at, events_normalised_at_utc_brin"})
    void shouldAnswerAnIncrementalRefreshRangeFromAnIndex(String fact, String column, String index) throws SQLException {
        try (Connection connection = db.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            // the tables here are tiny: forbid the sequential scan to see whether the index can answer at all
            statement.execute("SET enable_seqscan = off");
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = statement.executeQuery("EXPLAIN SELECT count(*) FROM mart." + fact + " WHERE "
                    + column + " >= '2024-03-01' AND " + column + " < '2024-04-01'")) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            assertThat(plan.toString()).contains(index);
        }
    }

    /** Every query joining dim_date (an aggregate's too) reads its bounds: a scan of core.events would dwarf it. */
    @Test
    void shouldReadTheBoundsOfTheCalendarFromIndexes() throws SQLException {
        try (Connection connection = db.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET enable_seqscan = off");  // tiny tables: would the plan need a scan at all?
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = statement.executeQuery("EXPLAIN SELECT count(*) FROM mart.dim_date")) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            assertThat(plan.toString()).doesNotContain("Seq Scan")
                    .contains("orders_created_at_utc_idx", "events_created_at_utc_idx", "users_created_at_idx");
        }
    }

    @Test
    void shouldDescribeEveryMartViewTableAndColumn() {
        assertThat(db.query("""
                SELECT c.relname AS view_name, a.attname AS column_name
                FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                WHERE n.nspname IN ('mart', 'personal') AND c.relkind IN ('v', 'r')
                  AND col_description(c.oid, a.attnum) IS NULL""")).as("columns without a comment").isEmpty();
        assertThat(db.query("""
                SELECT c.relname AS view_name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname IN ('mart', 'personal') AND c.relkind IN ('v', 'r')
                  AND obj_description(c.oid, 'pg_class') IS NULL""")).as("views without a comment").isEmpty();
    }

    /** Days with two decimals, rounded half up, as the mart computes them. */
    private static BigDecimal days(Instant from, Instant to) {
        return BigDecimal.valueOf(Duration.between(from, to).toSeconds())
                .divide(BigDecimal.valueOf(86_400), 2, RoundingMode.HALF_UP);
    }
}
