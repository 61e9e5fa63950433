package dev.ecomstream.schema.normalise;

import static dev.ecomstream.schema.normalise.ShopFixture.INVENTORY_ITEM;
import static dev.ecomstream.schema.normalise.ShopFixture.ORDER;
import static dev.ecomstream.schema.normalise.ShopFixture.PRODUCT;
import static dev.ecomstream.schema.normalise.ShopFixture.USER;
import static dev.ecomstream.testkit.StagingDatabase.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.testkit.StagingDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DevStackExtension.class)
class NormaliserIT {

    @Test
    void shouldNormaliseEveryEntityAndRemoveTheRepeatedFacts(DevStack stack) {
        StagingDatabase db = StagingDatabase.create(stack, "all");
        ShopFixture.landAll(db);

        NormaliserRun run = db.normalise();

        assertThat(run.entities()).extracting(EntityCounts::entity).containsExactly(Entity.values());
        for (Entity entity : Entity.values()) {
            EntityCounts counts = run.counts(entity).orElseThrow();
            assertThat(counts.inserted()).as(entity.name()).isEqualTo(entity == Entity.EVENTS ? 2 : 1);
            assertThat(counts.updated()).as(entity.name()).isZero();
            assertThat(counts.pending()).as(entity.name()).isZero();
        }
        assertThat(db.query("""
                SELECT p.product_name, b.brand_name, c.category_name, d.department_name, p.retail_price::text
                FROM core.products p JOIN core.brands b USING (brand_id) JOIN core.categories c USING (category_id)
                JOIN core.departments d USING (department_id)"""))
                .containsExactly(Map.of("product_name", "Slim Jeans", "brand_name", "Acme", "category_name", "Jeans",
                        "department_name", "Men", "retail_price", "40.00"));
        assertThat(db.scalar("SELECT count(*) FROM core.sessions")).isEqualTo(2L);
        assertThat(db.scalar("SELECT user_id FROM core.sessions WHERE session_id = ?::uuid",
                ShopFixture.ANONYMOUS_SESSION)).isNull();
        assertThat(db.scalar("SELECT city FROM core.user_addresses WHERE user_id = ?", USER)).isEqualTo("Memphis");
        assertThat(db.scalar("SELECT count(*) FROM core.duplicated_attribute_mismatches")).isEqualTo(0L);
    }

    @Test
    void shouldReplaceAnOrderWithItsLaterVersionsWithinARunAndAcrossRuns(DevStack stack) {
        StagingDatabase db = StagingDatabase.create(stack, "versions");
        ShopFixture.landUser(db);
        ShopFixture.landOrder(db, "Processing");
        ShopFixture.landOrder(db, "Shipped");
        NormaliserRun first = db.normalise();
        assertThat(first.counts(Entity.ORDERS).orElseThrow().inserted()).isEqualTo(1);
        assertThat(db.scalar("SELECT status FROM core.orders WHERE order_id = ?", ORDER)).isEqualTo("Shipped");

        db.land(Entity.ORDERS, row("order_id", ORDER, "user_id", USER, "status", "Complete", "gender", "F",
                "created_at", "2024-02-01T10:00:00Z", "shipped_at", "2024-02-02T10:00:00Z",
                "delivered_at", "2024-02-05T10:00:00Z", "num_of_item", 1));
        NormaliserRun second = db.normalise();

        assertThat(second.counts(Entity.ORDERS).orElseThrow())
                .extracting(EntityCounts::inserted, EntityCounts::updated).containsExactly(0L, 1L);
        assertThat(db.query("SELECT status, delivered_at IS NOT NULL AS delivered FROM core.orders"))
                .containsExactly(Map.of("status", "Complete", "delivered", true));
    }

    @Test
    void shouldChangeNothingWhenRunAgainWithoutNewData(DevStack stack) {
        StagingDatabase db = StagingDatabase.create(stack, "rerun");
        ShopFixture.landAll(db);
        ShopFixture.landOrderItem(db);  // a re-sent identical record is no update either
        db.land(Entity.ORDER_ITEMS, row("id", 7001, "order_id", 99999, "inventory_item_id", INVENTORY_ITEM,
                "sale_price", "1.00"));  // its order stays inferred
        db.land(Entity.EVENTS, row("id", 3, "session_id", null));  // stays pending
        db.normalise();
        String before = db.coreFingerprint();

        NormaliserRun again = db.normalise();

        assertThat(again.inserted()).isZero();
        assertThat(again.updated()).isZero();
        assertThat(again.inferred()).isZero();
        assertThat(again.pending()).isEqualTo(1);
        assertThat(db.coreFingerprint()).isEqualTo(before);
    }

    @Test
    void shouldCleanTextCountTheRulesAndKeepTheOriginalInStaging(DevStack stack) {
        StagingDatabase db = StagingDatabase.create(stack, "cleaning");
        db.land(Entity.USERS,
                row("id", 1, "first_name", "  Ada ", "last_name", "Lovelace\t", "city", "null", "state", " ",
                        "country", "NULL", "email", "ada@example.com"),
                row("id", 2, "first_name", "Null", "city", " Berlin", "country", "Germany"));

        db.normalise();

        assertThat(db.query("""
                SELECT u.first_name, u.last_name, a.city, a.state, a.country
                FROM core.users u JOIN core.user_addresses a USING (user_id) ORDER BY user_id"""))
                .containsExactly(
                        row("first_name", "Ada", "last_name", "Lovelace", "city", null, "state", null, "country", null),
                        row("first_name", "Null", "last_name", null, "city", "Berlin", "state", null,
                                "country", "Germany"));
        assertThat(db.query("SELECT first_name, city FROM staging.users ORDER BY id"))
                .containsExactly(row("first_name", "  Ada ", "city", "null"), row("first_name", "Null", "city", " Berlin"));
        List<Map<String, Object>> counts = db.query("""
                SELECT rule_name, column_name, values_changed FROM core.cleaning_summary
                WHERE entity = 'users' ORDER BY rule_name, column_name""");
        assertThat(counts).containsExactly(
                row("rule_name", "blank_to_null", "column_name", "state", "values_changed", 1L),
                row("rule_name", "null_literal_to_null", "column_name", "city", "values_changed", 1L),
                row("rule_name", "null_literal_to_null", "column_name", "country", "values_changed", 1L),
                row("rule_name", "trim_whitespace", "column_name", "city", "values_changed", 1L),
                row("rule_name", "trim_whitespace", "column_name", "first_name", "values_changed", 1L),
                row("rule_name", "trim_whitespace", "column_name", "last_name", "values_changed", 1L),
                row("rule_name", "trim_whitespace", "column_name", "state", "values_changed", 1L));

        db.normalise();
        assertThat(db.scalar("SELECT sum(values_changed) FROM core.cleaning_counts"))
                .as("a run without new rows counts nothing again").isEqualTo(new java.math.BigDecimal(7));
    }

    @Test
    void shouldLetTheProductsOwnRecordWinAndReportTheDisagreement(DevStack stack) {
        StagingDatabase db = StagingDatabase.create(stack, "mismatch");
        ShopFixture.landCenterAndProduct(db);
        db.land(Entity.INVENTORY_ITEMS, row("id", INVENTORY_ITEM, "product_id", PRODUCT, "cost", "12.50",
                "product_name", "Slim Jeans (old name)", "product_brand", " Acme ", "product_category", "Jeans",
                "product_department", "Men", "product_sku", "SKU-10", "product_retail_price", "40.0",
                "product_distribution_center_id", ShopFixture.CENTER));

        db.normalise();

        assertThat(db.scalar("SELECT product_name FROM core.products WHERE product_id = ?", PRODUCT))
                .isEqualTo("Slim Jeans");
        assertThat(db.query("""
                SELECT entity, entity_key, attribute, repeated_value, owner_value, owner_entity, owner_key
                FROM core.duplicated_attribute_mismatches"""))
                .as("the padded brand and 40.0 vs 40.00 are no disagreement")
                .containsExactly(row("entity", "inventory_items", "entity_key", INVENTORY_ITEM,
                        "attribute", "product_name", "repeated_value", "Slim Jeans (old name)",
                        "owner_value", "Slim Jeans", "owner_entity", "products", "owner_key", "10"));
    }

    @Test
    void shouldLoadEventsOfAnUnknownUserAndAnonymousEventsAndHoldOnlyAnEventWithoutSession(DevStack stack) {
        StagingDatabase db = StagingDatabase.create(stack, "events");
        db.land(Entity.EVENTS,
                row("id", 1, "user_id", USER, "sequence_number", 1, "session_id", ShopFixture.SESSION,
                        "event_type", "home"),
                row("id", 2, "user_id", null, "sequence_number", 1, "session_id", ShopFixture.ANONYMOUS_SESSION,
                        "event_type", "home"),
                row("id", 3, "user_id", null, "sequence_number", 2, "session_id", null, "event_type", "cart"));

        NormaliserRun first = db.normalise();

        assertThat(first.counts(Entity.EVENTS).orElseThrow())
                .extracting(EntityCounts::inserted, EntityCounts::pending).containsExactly(2L, 1L);
        assertThat(first.counts(Entity.USERS).orElseThrow().inferred()).isEqualTo(1);
        assertThat(db.query("SELECT entity_key, reason FROM core.pending ORDER BY entity_key")).containsExactly(
                row("entity_key", 3L, "reason", "has no reference to sessions; waits for a newer version that has one"));

        ShopFixture.landUser(db);
        db.land(Entity.EVENTS, row("id", 3, "user_id", null, "sequence_number", 2,
                "session_id", ShopFixture.ANONYMOUS_SESSION, "event_type", "cart"));
        db.normalise();
        assertThat(db.scalar("SELECT count(*) FROM core.events")).isEqualTo(3L);
        assertThat(db.scalar("SELECT count(*) FROM core.pending")).isEqualTo(0L);
        assertThat(db.query("SELECT user_id, first_name, is_inferred FROM core.users"))
                .containsExactly(row("user_id", USER, "first_name", "Ada", "is_inferred", false));
        assertThat(db.scalar("SELECT user_id FROM core.sessions WHERE session_id = ?::uuid", ShopFixture.SESSION))
                .isEqualTo(USER);
    }

    @Test
    void shouldSkipARunWhileAnotherInstanceHoldsTheLock(DevStack stack) throws Exception {
        StagingDatabase db = StagingDatabase.create(stack, "lock");
        try (Connection other = db.dataSource().getConnection(); Statement statement = other.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(core.normaliser_lock_key())");

            assertThat(db.runner().runIfIdle().ran()).isFalse();

            statement.execute("SELECT pg_advisory_unlock(core.normaliser_lock_key())");
        }
        assertThat(db.runner().runIfIdle().ran()).isTrue();
    }
}
