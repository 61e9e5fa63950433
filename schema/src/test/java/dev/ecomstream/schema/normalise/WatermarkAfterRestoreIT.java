package dev.ecomstream.schema.normalise;

import static dev.ecomstream.testkit.StagingDatabase.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.devstack.EmbeddedPostgresServer;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.schema.SchemaMigrator;
import dev.ecomstream.testkit.StagingDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The xid8 watermark after a logical dump and restore onto another server. pg_dump keeps every
 * {@code landed_xid} and {@code processed_below}, not the server's transaction counter, so on the new server
 * transaction ids start below the watermark and every new row would be skipped for ever, silently.
 *
 * <p>The embedded PostgreSQL ships no pg_dump, so the test restores the way pg_restore does, table by table:
 * the schema from the migrations (as {@code --schema-only} would create it, Flyway's history included), then
 * every row of staging and core with COPY, triggers off, identity sequences set to where they were.
 */
@ExtendWith(DevStackExtension.class)
class WatermarkAfterRestoreIT {

    @Test
    void shouldNormaliseRowsLandedAfterARestoreOntoAServerWithLowerTransactionIdsAndSayWhy(DevStack stack) throws Exception {
        try (EmbeddedPostgresServer newServer = EmbeddedPostgresServer.start()) {
            DataSource restored = newServer.createDatabase("restored");
            SchemaMigrator.migrate(restored);
            StagingDatabase source = StagingDatabase.create(stack, "dumped");
            burnTransactionIdsBeyond(source, currentXid(restored) + 1_000);
            ShopFixture.landAll(source);
            source.normalise();
            List<Map<String, Object>> cleaningBefore = cleaning(source);
            assertThat(cleaningBefore).as("the fixture's rows exercise the cleaning counts").isNotEmpty();
            restoreData(source.dataSource(), restored);
            try (Connection connection = restored.getConnection(); Statement statement = connection.createStatement();
                 ResultSet state = statement.executeQuery("SELECT bool_and(processed_below > pg_current_xact_id()) "
                         + "FROM core.normaliser_watermarks")) {
                state.next();
                assertThat(state.getBoolean(1)).as("the watermark is above every xid of the new server").isTrue();
            }
            StagingDatabase target = StagingDatabase.attach("restored", restored);
            target.land(Entity.USERS, row("id", 2000, "first_name", "Grace", "last_name", "Hopper"));
            target.land(Entity.ORDERS, row("order_id", 6000, "user_id", 2000, "status", "Processing"));

            List<String> warnings = new ArrayList<>();
            List<Map<String, Object>> counts = normaliseCollectingWarnings(restored, warnings);

            assertThat(target.query("SELECT order_id, user_id, is_inferred FROM core.orders WHERE order_id = 6000"))
                    .as("a row landed after the restore reaches core")
                    .containsExactly(row("order_id", 6000L, "user_id", 2000L, "is_inferred", false));
            assertThat(counts).filteredOn(c -> c.get("entity").equals("orders"))
                    .extracting(c -> c.get("inserted")).containsExactly(1L);
            assertThat(counts).filteredOn(c -> c.get("entity").equals("events"))
                    .as("the restored rows were already in core: nothing new, nothing changed")
                    .extracting(c -> List.of(c.get("inserted"), c.get("updated"))).containsExactly(List.of(0L, 0L));
            assertThat(warnings).singleElement().asString()
                    .contains("above every transaction id this server has assigned", "Re-deriving core");
            assertThat(cleaning(target)).as("each staging value counted once").isEqualTo(cleaningBefore);

            String after = target.coreFingerprint();
            warnings.clear();
            normaliseCollectingWarnings(restored, warnings);
            assertThat(warnings).as("detected once, then the watermark is below the new xids").isEmpty();
            assertThat(target.coreFingerprint()).isEqualTo(after);
            target.land(Entity.ORDERS, row("order_id", 6000, "user_id", 2000, "status", "Shipped"));
            target.normalise();
            assertThat(target.scalar("SELECT status FROM core.orders WHERE order_id = 6000")).isEqualTo("Shipped");
        }
    }

    private static List<Map<String, Object>> cleaning(StagingDatabase db) {
        return db.query("SELECT entity, column_name, rule_name, values_changed FROM core.cleaning_counts "
                + "ORDER BY entity, column_name, rule_name");
    }

    private static List<Map<String, Object>> normaliseCollectingWarnings(DataSource dataSource, List<String> warnings)
            throws SQLException {
        List<Map<String, Object>> counts = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT * FROM core.normalise()")) {
            while (rows.next()) {
                counts.add(Map.of("entity", rows.getString("entity"), "inserted", rows.getLong("inserted"),
                        "updated", rows.getLong("updated")));
            }
            for (SQLWarning warning = statement.getWarnings(); warning != null; warning = warning.getNextWarning()) {
                if (NormaliserRunner.isWarning(warning)) {
                    warnings.add(warning.getMessage());
                }
            }
        }
        return counts;
    }

    private static long currentXid(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet xid = statement.executeQuery("SELECT pg_current_xact_id()::text::bigint")) {
            xid.next();
            return xid.getLong(1);
        }
    }

    /** A busy production server: its transaction counter is far ahead of a freshly initialised one. */
    private static void burnTransactionIdsBeyond(StagingDatabase db, long xid) throws SQLException {
        try (Connection connection = db.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            long current = 0;
            while (current <= xid) {
                try (ResultSet assigned = statement.executeQuery("SELECT pg_current_xact_id()::text::bigint")) {
                    assigned.next();
                    current = assigned.getLong(1);
                }
            }
        }
    }

    /** pg_restore's data section: every row of staging and core, triggers off, sequences where they were. */
    private static void restoreData(DataSource from, DataSource to) throws SQLException, java.io.IOException {
        try (Connection source = from.getConnection(); Connection target = to.getConnection();
             Statement targetStatement = target.createStatement()) {
            target.setAutoCommit(false);
            targetStatement.execute("SET session_replication_role = replica");
            CopyManager out = source.unwrap(PGConnection.class).getCopyAPI();
            CopyManager in = target.unwrap(PGConnection.class).getCopyAPI();
            List<String> tables = new ArrayList<>();
            try (Statement statement = source.createStatement(); ResultSet names = statement.executeQuery("""
                    SELECT c.oid::regclass::text FROM pg_class c
                    WHERE c.relnamespace IN ('staging'::regnamespace, 'core'::regnamespace)
                      AND c.relkind = 'r' -- as pg_dump: a partitioned table's rows are its partitions' rows""")) {
                while (names.next()) {
                    tables.add(names.getString(1));
                }
            }
            targetStatement.execute("TRUNCATE " + String.join(", ", tables));
            for (String table : tables) {
                ByteArrayOutputStream rows = new ByteArrayOutputStream();
                out.copyOut("COPY " + table + " TO STDOUT (FORMAT binary)", rows);
                in.copyIn("COPY " + table + " FROM STDIN (FORMAT binary)", new ByteArrayInputStream(rows.toByteArray()));
            }
            try (Statement statement = source.createStatement(); ResultSet sequences = statement.executeQuery("""
                    SELECT format('%I.%I', schemaname, sequencename), last_value FROM pg_sequences
                    WHERE schemaname IN ('staging', 'core') AND last_value IS NOT NULL""")) {
                while (sequences.next()) {
                    targetStatement.execute("SELECT setval('" + sequences.getString(1) + "', "
                            + sequences.getLong(2) + ")");
                }
            }
            target.commit();
        }
    }
}
