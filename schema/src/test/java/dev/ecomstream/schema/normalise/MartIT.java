package dev.ecomstream.schema.normalise;

import static dev.ecomstream.schema.normalise.StagingDatabase.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.schema.Entity;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
        db.land(Entity.EVENTS,
                row("id", 1, "user_id", ShopFixture.USER, "sequence_number", 1, "session_id", ShopFixture.SESSION,
                        "created_at", ORDERED.toString(), "traffic_source", "Email", "event_type", "purchase"),
                row("id", 2, "user_id", null, "sequence_number", 1, "session_id", ShopFixture.ANONYMOUS_SESSION,
                        "created_at", ORDERED.toString(), "traffic_source", "Adwords", "event_type", "home"));
        db.normalise();
    }

    @Test
    void shouldComputeSalesCostMarginAndFulfilmentDaysPerOrderItem() {
        Map<String, Object> item = db.query("""
                SELECT customer_key, product_key, distribution_center_key, order_date_key, shipped_date_key,
                       sales_amount, cost_amount, margin_amount, days_to_ship, days_in_transit, fulfilment_days,
                       is_returned
                FROM mart.fact_order_items WHERE order_item_key = 7000""").get(0);

        assertThat(item).containsEntry("customer_key", ShopFixture.USER).containsEntry("product_key", 10L)
                .containsEntry("distribution_center_key", 1L)
                .containsEntry("order_date_key", 20240330).containsEntry("shipped_date_key", 20240401)
                .containsEntry("is_returned", false);
        assertThat((BigDecimal) item.get("sales_amount")).isEqualByComparingTo("39.99");
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
        assertThat((BigDecimal) db.scalar("SELECT sum(sales_amount) FROM mart.fact_order_items"))
                .isEqualByComparingTo("49.98");
    }

    @Test
    void shouldGiveAnonymousEventsTheUnknownCustomer() {
        assertThat(db.query("SELECT event_key, customer_key, is_anonymous FROM mart.fact_events ORDER BY event_key"))
                .containsExactly(row("event_key", 1L, "customer_key", ShopFixture.USER, "is_anonymous", false),
                        row("event_key", 2L, "customer_key", -1L, "is_anonymous", true));
        assertThat(db.scalar("SELECT customer_name FROM mart.dim_customer WHERE customer_key = -1"))
                .isEqualTo("Unknown (anonymous)");
    }

    @ParameterizedTest
    @CsvSource({
            "fact_order_items, customer_key,            dim_customer,            customer_key",
            "fact_order_items, product_key,             dim_product,             product_key",
            "fact_order_items, distribution_center_key, dim_distribution_center, distribution_center_key",
            "fact_order_items, traffic_source_key,      dim_traffic_source,      traffic_source_key",
            "fact_order_items, order_date_key,          dim_date,                date_key",
            "fact_order_items, shipped_date_key,        dim_date,                date_key",
            "fact_order_items, delivered_date_key,      dim_date,                date_key",
            "fact_events,      customer_key,            dim_customer,            customer_key",
            "fact_events,      traffic_source_key,      dim_traffic_source,      traffic_source_key",
            "fact_events,      event_date_key,          dim_date,                date_key",
            "dim_product,      distribution_center_key, dim_distribution_center, distribution_center_key"})
    void shouldFindEveryKeyOfAFactInItsDimension(String fact, String key, String dimension, String dimensionKey) {
        assertThat(db.scalar("SELECT count(*) FROM mart." + fact + " f WHERE f." + key + " IS NOT NULL"
                + " AND NOT EXISTS (SELECT FROM mart." + dimension + " d WHERE d." + dimensionKey + " = f." + key + ")"))
                .isEqualTo(0L);
        assertThat(db.scalar("SELECT count(*) - count(DISTINCT " + dimensionKey + ") FROM mart." + dimension))
                .as("dimension keys are unique").isEqualTo(0L);
    }

    /** Days with two decimals, rounded half up, as the mart computes them. */
    private static BigDecimal days(Instant from, Instant to) {
        return BigDecimal.valueOf(Duration.between(from, to).toSeconds())
                .divide(BigDecimal.valueOf(86_400), 2, RoundingMode.HALF_UP);
    }
}
