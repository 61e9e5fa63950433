package dev.ecomstream.schema.normalise;

import static dev.ecomstream.testkit.StagingDatabase.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.testkit.StagingDatabase;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.schema.SchemaMigrator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ops views (V015), the pipeline's state published for monitoring: their figures agree with the private
 * tables they summarise, every view and column is described, and a login in ecomstream_monitor reads ops and the
 * mart, also after the repeatable migrations ran again, and nothing of staging or core.
 */
@ExtendWith(DevStackExtension.class)
class OpsViewsIT {

    private static final String PASSWORD = "monitor-secret";
    private static final List<String> VIEWS = List.of("landed_rows", "normaliser_progress", "rejected_records",
            "rejected_summary", "sink_progress");

    @Test
    void shouldSummariseSinkNormaliserAndRejectsWithoutTheirRawValues(DevStack stack) {
        StagingDatabase db = StagingDatabase.create(stack, "ops");
        ShopFixture.landAll(db);
        db.normalise();
        // landed after the run: not normalised yet
        db.land(Entity.ORDERS, row("order_id", 5001, "user_id", ShopFixture.USER, "status", "Processing",
                "created_at", "2024-02-03T10:00:00Z", "num_of_item", 0));
        db.execute("""
                INSERT INTO staging.sink_offsets (topic, kafka_partition, next_offset, consumer_group, updated_at)
                VALUES ('ecomstream.orders', 0, 42, 'ecomstream-sink', timestamptz '2024-05-01 10:00Z');
                INSERT INTO staging.sink_offset_gaps (topic, kafka_partition, from_offset, to_offset, records_skipped,
                                                      reason, consumer_group)
                VALUES ('ecomstream.orders', 0, 10, 13, 3, 'retention', 'ecomstream-sink'),
                       ('ecomstream.orders', 0, 20, 22, 2, 'retention', 'ecomstream-sink');
                INSERT INTO staging.rejected_records (kafka_topic, kafka_partition, kafka_offset, record_value, reason)
                VALUES ('ecomstream.orders', 0, 90, 'secret@example.com', 'value is not JSON'),
                       ('ecomstream.orders', 0, 91, '{', 'value is not JSON'),
                       ('ecomstream.events', 1, 91, NULL, 'value is null (a tombstone); staging is append-only');
                -- fixed and published again (sink rejected replay): no longer open, still a reject
                UPDATE staging.rejected_records
                SET replayed_at = timestamptz '2024-05-02 09:00Z', replayed_partition = 0, replayed_offset = 120
                WHERE kafka_topic = 'ecomstream.orders' AND kafka_offset = 91""");

        assertThat(db.query("SELECT topic, kafka_partition, stored_next_offset, records_skipped FROM ops.sink_progress"))
                .containsExactly(Map.of("topic", "ecomstream.orders", "kafka_partition", 0, "stored_next_offset", 42L,
                        "records_skipped", 5L));
        assertThat(db.scalar("SELECT count(*) FROM ops.landed_rows WHERE entity = 'orders' AND landed_at > now() - interval '1 hour'"))
                .isEqualTo(2L);
        assertThat(db.scalar("SELECT count(*) FROM ops.landed_rows")).isEqualTo(db.scalar("""
                SELECT (SELECT count(*) FROM staging.distribution_centers) + (SELECT count(*) FROM staging.products)
                     + (SELECT count(*) FROM staging.inventory_items) + (SELECT count(*) FROM staging.users)
                     + (SELECT count(*) FROM staging.orders) + (SELECT count(*) FROM staging.order_items)
                     + (SELECT count(*) FROM staging.events)"""));

        assertThat(db.query("SELECT kafka_topic, reason, records, open_records, replayed_records, last_replayed_at "
                + "IS NOT NULL AS replayed FROM ops.rejected_summary ORDER BY kafka_topic"))
                .containsExactly(
                        Map.of("kafka_topic", "ecomstream.events", "reason",
                                "value is null (a tombstone); staging is append-only", "records", 1L,
                                "open_records", 1L, "replayed_records", 0L, "replayed", false),
                        Map.of("kafka_topic", "ecomstream.orders", "reason", "value is not JSON", "records", 2L,
                                "open_records", 1L, "replayed_records", 1L, "replayed", true));
        assertThat(db.query("SELECT kafka_offset, replayed_partition, replayed_offset FROM ops.rejected_records "
                + "WHERE kafka_topic = 'ecomstream.orders' AND replayed_at IS NOT NULL"))
                .containsExactly(Map.of("kafka_offset", 91L, "replayed_partition", 0, "replayed_offset", 120L));
        assertThat(db.query("SELECT column_name FROM information_schema.columns WHERE table_schema = 'ops'"
                + " AND table_name = 'rejected_records'")).extracting(r -> r.get("column_name"))
                .doesNotContain("record_key", "record_value");
        assertThat(db.scalar("SELECT value_bytes FROM ops.rejected_records WHERE kafka_offset = 90"))
                .isEqualTo("secret@example.com".length());

        Map<String, Object> orders = db.query("SELECT * FROM ops.normaliser_progress WHERE entity = 'orders'").get(0);
        assertThat(orders.get("unnormalised_rows")).isEqualTo(1L);
        assertThat((Double) orders.get("watermark_lag_seconds")).isGreaterThan(0.0);
        assertThat(orders.get("last_run_at")).isNotNull();
        Map<String, Object> events = db.query("SELECT * FROM ops.normaliser_progress WHERE entity = 'events'").get(0);
        assertThat(events.get("unnormalised_rows")).isEqualTo(0L);
        assertThat(events.get("watermark_lag_seconds")).isEqualTo(0.0);
        assertThat(events.get("pending_rows")).isEqualTo(db.scalar("SELECT count(*) FROM core.pending WHERE entity = 'events'"));
        assertThat(db.scalar("SELECT count(*) FROM ops.normaliser_progress")).isEqualTo((long) Entity.values().length);
    }

    @Test
    void shouldDescribeEveryViewAndColumn(DevStack stack) {
        StagingDatabase db = StagingDatabase.create(stack, "ops_comments");

        assertThat(db.query("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'ops' AND c.relkind = 'v' ORDER BY c.relname""")).extracting(r -> r.get("relname"))
                .containsExactlyElementsOf(VIEWS);
        assertThat(db.query("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'ops' AND c.relkind = 'v' AND obj_description(c.oid, 'pg_class') IS NULL""")).isEmpty();
        assertThat(db.query("""
                SELECT c.relname, a.attname FROM pg_attribute a
                JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'ops' AND a.attnum > 0 AND NOT a.attisdropped
                  AND col_description(a.attrelid, a.attnum) IS NULL""")).isEmpty();
    }

    @Test
    void shouldLetAMonitorReadOpsAndTheMartAfterRepeatableMigrationsAndNothingElse(DevStack stack) throws SQLException {
        StagingDatabase db = StagingDatabase.create(stack, "monitor");
        ShopFixture.landAll(db);
        db.normalise();
        DataSource asMonitor = db.createLogin("monitor", "ecomstream_monitor", PASSWORD);

        try (Connection monitor = asMonitor.getConnection()) {
            assertReadsOpsAndMart(monitor);

            // as when every repeatable migration changed: Flyway runs them all again (the mart's views are new)
            db.execute("UPDATE staging.flyway_schema_history SET checksum = checksum + 1 WHERE script LIKE 'R\\_\\_%'");
            SchemaMigrator.migrate(db.dataSource());
            assertReadsOpsAndMart(monitor);

            for (String forbidden : List.of("SELECT * FROM staging.sink_offsets", "SELECT * FROM staging.rejected_records",
                    "SELECT * FROM core.normaliser_watermarks", "SELECT * FROM core.pending",
                    "SELECT * FROM personal.customer_contacts", "DELETE FROM staging.rejected_records",
                    "CREATE VIEW ops.mine AS SELECT 1", "SELECT core.normalise()")) {
                assertThatThrownBy(() -> execute(monitor, forbidden)).as(forbidden)
                        .hasMessageContaining("permission denied");
            }
        }
    }

    private static void assertReadsOpsAndMart(Connection monitor) throws SQLException {
        for (String view : VIEWS) {
            execute(monitor, "SELECT count(*) FROM ops." + view);
        }
        try (Statement statement = monitor.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM mart.fact_order_items")) {
            rows.next();
            assertThat(rows.getLong(1)).isPositive();
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
