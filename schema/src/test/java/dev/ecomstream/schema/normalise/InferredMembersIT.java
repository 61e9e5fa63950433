package dev.ecomstream.schema.normalise;

import static dev.ecomstream.schema.normalise.ShopFixture.INVENTORY_ITEM;
import static dev.ecomstream.schema.normalise.ShopFixture.ORDER;
import static dev.ecomstream.schema.normalise.ShopFixture.ORDER_ITEM;
import static dev.ecomstream.schema.normalise.ShopFixture.PRODUCT;
import static dev.ecomstream.schema.normalise.ShopFixture.USER;
import static dev.ecomstream.testkit.StagingDatabase.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.testkit.StagingDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Late parents become inferred members: a row whose parent has not arrived is in core (and the mart) at
 * once, its parent a key with {@code is_inferred} set, filled in place when its own record arrives.
 */
@ExtendWith(DevStackExtension.class)
class InferredMembersIT {

    private static final Path SAMPLE_DATA = Path.of("..", "data");

    @Test
    void shouldPutAnOrderItemInCoreAndMartAtOnceWithItsMissingParentsInferred(DevStack stack) {
        StagingDatabase db = StagingDatabase.create(stack, "child_first");
        ShopFixture.landOrderItem(db);

        NormaliserRun run = db.normalise();

        assertThat(run.counts(Entity.ORDER_ITEMS).orElseThrow())
                .extracting(EntityCounts::inserted, EntityCounts::pending).containsExactly(1L, 0L);
        assertThat(run.counts(Entity.ORDERS).orElseThrow())
                .extracting(EntityCounts::inserted, EntityCounts::inferred).containsExactly(0L, 1L);
        assertThat(run.counts(Entity.INVENTORY_ITEMS).orElseThrow().inferred()).isEqualTo(1);
        assertThat(db.query("SELECT order_id, user_id, status, is_inferred, source_staging_id FROM core.orders"))
                .containsExactly(row("order_id", ORDER, "user_id", null, "status", null, "is_inferred", true,
                        "source_staging_id", null));
        assertThat(db.query("SELECT inventory_item_id, product_id, is_inferred FROM core.inventory_items"))
                .containsExactly(row("inventory_item_id", INVENTORY_ITEM, "product_id", null, "is_inferred", true));
        Map<String, Object> fact = db.query("""
                SELECT order_item_key, customer_key, product_key, gross_sales_amount FROM mart.fact_order_items""").get(0);
        assertThat(fact).containsEntry("order_item_key", ORDER_ITEM).containsEntry("customer_key", -1L)
                .containsEntry("product_key", -1L);
        assertThat((BigDecimal) fact.get("gross_sales_amount")).isEqualByComparingTo("39.99");
        assertThat(db.scalar("SELECT count(*) FROM core.pending")).isEqualTo(0L);
    }

    @Test
    void shouldFillEachInferredMemberInPlaceWhenItsRecordArrivesAndLeaveTheFactsUntouched(DevStack stack) {
        StagingDatabase db = StagingDatabase.create(stack, "fill_in_place");
        ShopFixture.landOrderItem(db);
        db.normalise();
        String factBefore = factsFingerprint(db);

        ShopFixture.landOrder(db, "Shipped");  // its user has not arrived either
        NormaliserRun orderArrived = db.normalise();

        assertThat(orderArrived.counts(Entity.ORDERS).orElseThrow())
                .as("an inferred member filled by its record is an update of the same key")
                .extracting(EntityCounts::inserted, EntityCounts::updated).containsExactly(0L, 1L);
        assertThat(orderArrived.counts(Entity.USERS).orElseThrow().inferred()).isEqualTo(1);
        assertThat(db.query("SELECT order_id, user_id, status, is_inferred FROM core.orders"))
                .containsExactly(row("order_id", ORDER, "user_id", USER, "status", "Shipped", "is_inferred", false));
        assertThat(db.query("SELECT customer_key, order_status FROM mart.fact_order_items"))
                .containsExactly(row("customer_key", USER, "order_status", "Shipped"));
        assertThat(db.query("SELECT customer_label, is_inferred FROM mart.dim_customer WHERE customer_key = ?", USER))
                .containsExactly(row("customer_label", "Unknown", "is_inferred", true));

        ShopFixture.landUser(db);
        ShopFixture.landCenterAndProduct(db);
        ShopFixture.landInventoryItem(db, INVENTORY_ITEM);
        db.normalise();

        assertThat(db.scalar("SELECT count(*) FROM core.orders")).isEqualTo(1L);
        assertThat(db.query("SELECT customer_label, is_inferred FROM mart.dim_customer WHERE customer_key = ?", USER))
                .containsExactly(row("customer_label", "Customer " + USER, "is_inferred", false));
        assertThat(db.scalar("SELECT customer_name FROM personal.customer_contacts WHERE customer_key = ?", USER))
                .isEqualTo("Ada Lovelace");
        assertThat(db.query("SELECT product_key, product_name FROM mart.fact_order_items JOIN mart.dim_product "
                + "USING (product_key)")).containsExactly(row("product_key", PRODUCT, "product_name", "Slim Jeans"));
        assertThat(db.query("SELECT sum(inferred_members) AS inferred FROM mart.data_completeness"))
                .containsExactly(row("inferred", BigDecimal.ZERO));
        assertThat(factsFingerprint(db)).as("the order item itself was not written again").isEqualTo(factBefore);
    }

    @Test
    void shouldKeepTheParentsThatNeverArriveInferredAndShowThemToAMartReader(DevStack stack) throws SQLException {
        StagingDatabase db = StagingDatabase.create(stack, "never_arrive");
        ShopFixture.landCenterAndProduct(db);
        ShopFixture.landOrderItem(db);
        db.land(Entity.ORDER_ITEMS, row("id", ORDER_ITEM + 1, "order_id", ORDER, "inventory_item_id", INVENTORY_ITEM,
                "sale_price", "10.00"));
        db.land(Entity.EVENTS,
                row("id", 1, "user_id", USER, "sequence_number", 1, "session_id", ShopFixture.SESSION,
                        "event_type", "home"),
                row("id", 2, "user_id", null, "sequence_number", 2, "session_id", null, "event_type", "cart"));
        db.normalise();

        assertThat(db.query("""
                SELECT entity, inferred_members, referencing_rows, referenced_by, unplaced_rows,
                       oldest_inferred_at IS NOT NULL AS has_oldest
                FROM mart.data_completeness WHERE inferred_members > 0 OR unplaced_rows > 0 ORDER BY entity"""))
                .containsExactly(
                        row("entity", "events", "inferred_members", 0L, "referencing_rows", 0L, "referenced_by", null,
                                "unplaced_rows", 1L, "has_oldest", false),
                        row("entity", "inventory_items", "inferred_members", 1L, "referencing_rows", 2L,
                                "referenced_by", "order_items 2", "unplaced_rows", 0L, "has_oldest", true),
                        row("entity", "orders", "inferred_members", 1L, "referencing_rows", 2L,
                                "referenced_by", "order_items 2", "unplaced_rows", 0L, "has_oldest", true),
                        row("entity", "users", "inferred_members", 1L, "referencing_rows", 1L,
                                "referenced_by", "sessions 1", "unplaced_rows", 0L, "has_oldest", true));
        assertThat(db.query("SELECT entity, entity_key, reason FROM core.pending")).containsExactly(row(
                "entity", "events", "entity_key", 2L,
                "reason", "has no reference to sessions; waits for a newer version that has one"));

        String reader = db.scalar("SELECT current_database()") + "_reader";
        db.execute("CREATE ROLE " + reader + " IN ROLE ecomstream_reader");
        try (Connection connection = db.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("SET ROLE " + reader);
            try (ResultSet rows = statement.executeQuery(
                    "SELECT sum(inferred_members) FROM mart.data_completeness")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(3);
            }
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM core.pending"))
                    .as("the reader has mart access only").hasMessageContaining("permission denied");
        }
    }

    @Test
    void shouldFillInferredMembersInALaterRunOnANewConnection(DevStack stack) {
        StagingDatabase db = StagingDatabase.create(stack, "after_restart");
        ShopFixture.landOrderItem(db);
        db.normalise();
        String database = (String) db.scalar("SELECT current_database()");
        // what a restarted sink sees: no session state of the earlier run, only what it committed
        db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                + "WHERE datname = current_database() AND pid <> pg_backend_pid()");

        ShopFixture.landUser(db);
        ShopFixture.landOrder(db, "Complete");
        NormaliserRun later = new NormaliserRunner(stack.postgres().dataSource(database))
                .runUntilCaughtUp(java.time.Duration.ofSeconds(30));

        assertThat(later.counts(Entity.ORDERS).orElseThrow().updated()).isEqualTo(1);
        assertThat(db.query("SELECT is_inferred, status FROM core.orders"))
                .containsExactly(row("is_inferred", false, "status", "Complete"));
        assertThat(db.query("SELECT entity, inferred_members FROM mart.data_completeness WHERE inferred_members > 0"))
                .containsExactly(row("entity", "inventory_items", "inferred_members", 1L));
    }

    @Test
    void shouldChangeNothingOnASecondRunWithInferredMembersOutstanding(DevStack stack) {
        StagingDatabase db = StagingDatabase.create(stack, "second_run");
        ShopFixture.landOrderItem(db);
        db.land(Entity.EVENTS, row("id", 3, "user_id", USER, "sequence_number", 1, "session_id", null));
        db.normalise();
        String before = db.coreFingerprint();

        NormaliserRun again = db.normalise();

        assertThat(again).extracting(NormaliserRun::inserted, NormaliserRun::updated, NormaliserRun::inferred,
                NormaliserRun::pending).containsExactly(0L, 0L, 0L, 1L);
        assertThat(db.coreFingerprint()).isEqualTo(before);
    }

    @Test
    void shouldPlaceTheRowsAnEarlierNormaliserHeldBackForAMissingParent(DevStack stack) {
        StagingDatabase db = StagingDatabase.create(stack, "held_back");
        ShopFixture.landOrderItem(db);
        db.normalise();
        // the state the earlier normaliser left: the order item waiting for its order, not in core
        db.execute("""
                DELETE FROM core.order_items;
                INSERT INTO core.normaliser_pending (entity, entity_key, staging_id, parent_entity, parent_key)
                SELECT 'order_items', id, staging_id, 'orders', order_id FROM staging.order_items""");

        NormaliserRun run = db.normalise();

        assertThat(run.counts(Entity.ORDER_ITEMS).orElseThrow())
                .extracting(EntityCounts::inserted, EntityCounts::pending).containsExactly(1L, 0L);
        assertThat(db.scalar("SELECT count(*) FROM mart.fact_order_items")).isEqualTo(1L);
    }

    @Test
    void shouldShowTheCsvTotalsInTheMartAndHoldEveryForeignKeyWhateverTheArrivalOrder(DevStack stack) {
        List<List<Entity>> arrivalOrders = new ArrayList<>();
        arrivalOrders.add(List.of(Entity.values()));
        List<Entity> reversed = new ArrayList<>(List.of(Entity.values()));
        Collections.reverse(reversed);
        arrivalOrders.add(reversed);
        for (long seed = 1; seed <= 2; seed++) {
            List<Entity> shuffled = new ArrayList<>(List.of(Entity.values()));
            Collections.shuffle(shuffled, new Random(seed));
            arrivalOrders.add(shuffled);
        }
        String parentsFirstRevenue = null;
        for (List<Entity> arrivalOrder : arrivalOrders) {
            StagingDatabase db = StagingDatabase.create(stack, "arrival");
            for (Entity entity : arrivalOrder) {
                db.landCsv(entity, SAMPLE_DATA.resolve(entity.csvFileName()));
                db.normalise();

                assertThat(martTotals(db)).as("after %s of %s", entity, arrivalOrder).isEqualTo(stagingTotals(db));
                assertThat(brokenForeignKeys(db)).as("after %s of %s", entity, arrivalOrder).isEmpty();
            }
            assertThat(db.scalar("SELECT sum(inferred_members) + sum(unplaced_rows) FROM mart.data_completeness"))
                    .as("everything arrived: %s", arrivalOrder).isEqualTo(BigDecimal.ZERO);
            String revenue = String.valueOf(db.query("""
                    SELECT c.customer_label, p.category, count(*) AS items, sum(f.gross_sales_amount) AS sales
                    FROM mart.fact_order_items f JOIN mart.dim_customer c USING (customer_key)
                    JOIN mart.dim_product p USING (product_key)
                    GROUP BY 1, 2 ORDER BY 1, 2"""));
            if (parentsFirstRevenue == null) {
                parentsFirstRevenue = revenue;
            }
            assertThat(revenue).as("revenue by customer and category, %s", arrivalOrder).isEqualTo(parentsFirstRevenue);
        }
    }

    /** The facts' totals as the mart shows them. */
    private static Map<String, Object> martTotals(StagingDatabase db) {
        return db.query("""
                SELECT (SELECT count(*) FROM mart.fact_order_items) AS order_items,
                       (SELECT coalesce(sum(gross_sales_amount), 0) FROM mart.fact_order_items) AS sales,
                       (SELECT count(*) FROM mart.fact_events) AS events""").get(0);
    }

    /**
     * The same totals over the CSV rows landed so far (one version of each key in the sample data); the mart's
     * money has 4 decimals, the CSVs' prices are binary floats.
     */
    private static Map<String, Object> stagingTotals(StagingDatabase db) {
        return db.query("""
                SELECT (SELECT count(*) FROM staging.order_items) AS order_items,
                       (SELECT coalesce(sum(round(sale_price, 4)), 0) FROM staging.order_items) AS sales,
                       (SELECT count(*) FROM staging.events) AS events""").get(0);
    }

    /** Every row of core whose reference finds no row, per foreign key; empty when all hold. */
    static List<String> brokenForeignKeys(StagingDatabase db) {
        List<String> broken = new ArrayList<>();
        for (Map<String, Object> fk : db.query("""
                SELECT fk.conname, fk.conrelid::regclass::text AS child, fk.confrelid::regclass::text AS parent,
                       c.attname AS child_column, p.attname AS parent_column, fk.convalidated
                FROM pg_constraint fk
                JOIN pg_attribute c ON c.attrelid = fk.conrelid AND c.attnum = fk.conkey[1]
                JOIN pg_attribute p ON p.attrelid = fk.confrelid AND p.attnum = fk.confkey[1]
                WHERE fk.contype = 'f' AND fk.connamespace = 'core'::regnamespace""")) {
            Object orphans = db.scalar("SELECT count(*) FROM " + fk.get("child") + " c WHERE c."
                    + fk.get("child_column") + " IS NOT NULL AND NOT EXISTS (SELECT FROM " + fk.get("parent") + " p WHERE p."
                    + fk.get("parent_column") + " = c." + fk.get("child_column") + ")");
            if (!Long.valueOf(0).equals(orphans) || !Boolean.TRUE.equals(fk.get("convalidated"))) {
                broken.add(fk.get("conname") + ": " + orphans + " orphans, validated " + fk.get("convalidated"));
            }
        }
        return broken;
    }

    /** The order items' rows, including when and from which staging row each was written. */
    private static String factsFingerprint(StagingDatabase db) {
        return String.valueOf(db.query("SELECT * FROM core.order_items ORDER BY order_item_id"));
    }
}
