package dev.ecomstream.schema.normalise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.devstack.EmbeddedPostgresServer;
import dev.ecomstream.schema.SchemaMigrator;
import dev.ecomstream.testkit.StagingDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A login in the reader role (V011), as a BI user has it: it reads every mart view, before and after the mart's
 * repeatable migration runs again, and reads or writes nothing else.
 */
@ExtendWith(DevStackExtension.class)
class MartReaderIT {

    private static final String PASSWORD = "reader-secret";

    @Test
    void shouldReadEveryMartViewAfterTheMartIsCreatedAgainAndNothingElse(DevStack stack) throws SQLException {
        StagingDatabase db = StagingDatabase.create(stack, "reader");
        ShopFixture.landAll(db);
        db.normalise();
        DataSource asReader = db.createLogin("bi", "ecomstream_reader", PASSWORD);
        List<String> views = db.query("SELECT table_name FROM information_schema.views WHERE table_schema = 'mart'"
                + " ORDER BY table_name").stream().map(row -> (String) row.get("table_name")).toList();
        assertThat(views).contains("fact_order_items", "fact_orders", "fact_events", "fact_sessions", "dim_customer",
                "data_completeness");

        try (Connection reader = asReader.getConnection()) {
            assertReadsEvery(reader, views);

            // what Flyway does when R__30_mart.sql changes: its checksum differs, so it runs the file again
            db.execute("UPDATE staging.flyway_schema_history SET checksum = checksum + 1"
                    + " WHERE script = 'R__30_mart.sql'");
            Object runsBefore = db.scalar("SELECT count(*) FROM staging.flyway_schema_history"
                    + " WHERE script = 'R__30_mart.sql'");
            SchemaMigrator.migrate(db.dataSource());
            assertThat(db.scalar("SELECT count(*) FROM staging.flyway_schema_history WHERE script = 'R__30_mart.sql'"))
                    .as("the mart's views were dropped and created again").isEqualTo((Long) runsBefore + 1);
            assertReadsEvery(reader, views);

            for (String forbidden : List.of("SELECT * FROM staging.orders", "SELECT * FROM core.users",
                    "SELECT * FROM personal.customer_contacts", "SELECT * FROM staging.flyway_schema_history",
                    "INSERT INTO core.traffic_sources (traffic_source_name) VALUES ('x')", "DELETE FROM staging.orders",
                    "UPDATE core.orders SET status = 'x'", "CREATE TABLE mart.mine (x int)",
                    "CREATE TABLE public.mine (x int)", "CREATE VIEW mart.mine AS SELECT 1",
                    "SELECT core.normalise()")) {
                assertThatThrownBy(() -> execute(reader, forbidden)).as(forbidden)
                        .hasMessageContaining("permission denied");
            }
        }
    }

    /**
     * The database's owner often may not create roles: the migrations still go through (staging and core must
     * work), the mart has no reader yet, and once a DBA creates the role one call grants it the mart.
     */
    @Test
    void shouldMigrateWithoutTheReaderRoleWhenTheMigratingRoleMayNotCreateRoles() throws SQLException {
        // a server of its own: roles belong to a server, and the shared one already has the reader role
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start()) {
            DataSource admin = server.dataSource("postgres");
            try (Connection connection = admin.getConnection()) {
                execute(connection, "CREATE ROLE owner LOGIN PASSWORD 'owner-secret'");
                execute(connection, "CREATE DATABASE shop OWNER owner");
            }
            String url = server.jdbcUrl("shop");
            PGSimpleDataSource asOwner = new PGSimpleDataSource();
            asOwner.setURL(url);
            asOwner.setUser("owner");
            asOwner.setPassword("owner-secret");

            SchemaMigrator.migrate(asOwner);

            try (Connection owner = asOwner.getConnection();
                 Statement statement = owner.createStatement();
                 ResultSet exists = statement.executeQuery(
                         "SELECT count(*) FROM pg_roles WHERE rolname = 'ecomstream_reader'")) {
                exists.next();
                assertThat(exists.getLong(1)).isZero();
            }
            try (Connection connection = admin.getConnection()) {
                execute(connection, "CREATE ROLE ecomstream_reader NOLOGIN");
                execute(connection, "CREATE ROLE analyst LOGIN PASSWORD 'analyst-secret' IN ROLE ecomstream_reader");
            }
            try (Connection owner = asOwner.getConnection()) {
                execute(owner, "SELECT core.grant_mart_reader()");
            }
            try (Connection analyst = DriverManager.getConnection(url, "analyst", "analyst-secret")) {
                execute(analyst, "SELECT count(*) FROM mart.fact_order_items");
                assertThatThrownBy(() -> execute(analyst, "SELECT * FROM core.users"))
                        .hasMessageContaining("permission denied");
            }
        }
    }

    /** A reset that drops the schemas it knows (as the benchmark harness does) leaves personal behind. */
    @Test
    void shouldMigrateAgainAfterStagingCoreAndMartWereDroppedButPersonalWasNot(DevStack stack) throws SQLException {
        StagingDatabase db = StagingDatabase.create(stack, "reset");
        db.execute("DROP SCHEMA staging, core, mart CASCADE");

        SchemaMigrator.migrate(db.dataSource());

        assertThat(db.scalar("SELECT count(*) FROM information_schema.views WHERE table_schema = 'personal'"))
                .isEqualTo(1L);
    }

    private static void assertReadsEvery(Connection reader, List<String> views) throws SQLException {
        for (String view : views) {
            try (Statement statement = reader.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM mart." + view)) {
                rows.next();
                assertThat(rows.getLong(1)).as("rows of mart.%s", view).isPositive();
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
