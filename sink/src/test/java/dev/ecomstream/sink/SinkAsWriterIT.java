package dev.ecomstream.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.schema.SchemaMigrator;
import dev.ecomstream.sink.testing.Publisher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * The sink as a login in ecomstream_writer (V017) on a database its owner migrated: it lands records in staging
 * and the normaliser places them in core, with no superuser and no DDL; a database that needs migrations stops it
 * with the command to run as the owner.
 */
@ExtendWith(DevStackExtension.class)
class SinkAsWriterIT {

    private static final String PASSWORD = "writer-pw";
    private static final AtomicInteger LOGINS = new AtomicInteger();

    private final DevStack devStack;

    SinkAsWriterIT(DevStack devStack) {
        this.devStack = devStack;
    }

    @SuppressWarnings("try") // the running sink is the try block's subject, not something it calls
    @Test
    @Timeout(180)
    void shouldStopWithTheMigrateCommandUntilTheOwnerMigratesThenLandInStagingAndCore() throws Exception {
        Scenario scenario = new Scenario(devStack, "orders", "writer", 1);
        SchemaMigrator.migrate(scenario.staging.dataSource());
        String login = writerLogin(scenario);
        // a new build whose repeatable migrations changed: pending, and only the owner may apply them
        scenario.staging.execute("UPDATE staging.flyway_schema_history SET checksum = checksum + 1 "
                + "WHERE version IS NULL");
        SinkArgs asWriter = scenario.sinkArgs().with("--pg-user", login).with("--pg-password", PASSWORD)
                .with("--normalise-interval-ms", "200");

        StringWriter err = new StringWriter();
        int refused = SinkCommand.commandLine().setErr(new PrintWriter(err)).execute(asWriter.toList().toArray(String[]::new));
        assertThat(refused).as("exit code of a writer sink on a database needing migrations").isEqualTo(1);
        try (InProcessSink sink = InProcessSink.start(asWriter)) {
            assertThat(sink.awaitFailure(Duration.ofSeconds(60)))
                    .hasMessageContaining("Migrating the staging schema failed")
                    .hasMessageContaining("To fix: the database needs this build's migrations and " + login
                            + " may not run them")
                    .hasMessageContaining("java -jar ecomstream-sink.jar migrate --pg-url '"
                            + devStack.postgres().jdbcUrl(scenario.database) + "' --pg-user <the database's owner>");
        }

        int migrated = SinkCommand.commandLine().execute("migrate", "--pg-url",
                devStack.postgres().jdbcUrl(scenario.database), "--pg-user", devStack.postgres().user(),
                "--pg-password", devStack.postgres().password());
        assertThat(migrated).as("exit code of migrate as the owner").isZero();

        try (Publisher publisher = scenario.publisher();
             InProcessSink sink = InProcessSink.start(asWriter)) {
            for (int id = 1; id <= 20; id++) {
                publisher.send(0, Integer.toString(id), "{\"order_id\":" + id + ",\"user_id\":" + (id % 4 + 1)
                        + ",\"status\":\"Shipped\",\"gender\":\"F\",\"created_at\":\"2022-06-17T02:52:23Z\","
                        + "\"num_of_item\":2}");
            }
            publisher.send(0, "21", "not json");
            publisher.flush();
            await("orders in core").atMost(Duration.ofSeconds(60))
                    .until(() -> scenario.staging.count("SELECT count(*) FROM core.orders") == 20);
        }
        assertThat(scenario.staging.count("SELECT count(*) FROM staging.orders")).isEqualTo(20);
        assertThat(scenario.staging.count("SELECT count(*) FROM staging.rejected_records")).isEqualTo(1);
        assertThat(scenario.staging.count("SELECT next_offset FROM staging.sink_offsets")).isEqualTo(21);
        assertThat(scenario.staging.count("SELECT count(*) FROM core.users WHERE is_inferred")).isEqualTo(4);
    }

    @Test
    void shouldCreateNoTableReadNoPersonalDataAndNormaliseWithTheForeignKeyTriggers() throws Exception {
        Scenario scenario = new Scenario(devStack, "orders", "writerlimits", 1);
        SchemaMigrator.migrate(scenario.staging.dataSource());
        String login = writerLogin(scenario);
        try (Connection writer = DriverManager.getConnection(devStack.postgres().jdbcUrl(scenario.database), login,
                PASSWORD);
             Statement statement = writer.createStatement()) {
            for (String schema : new String[] {"staging", "core", "mart", "public"}) {
                assertThatThrownBy(() -> statement.execute("CREATE TABLE " + schema + ".made_by_writer (id int)"))
                        .as("CREATE TABLE in " + schema).isInstanceOf(SQLException.class)
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42501");
            }
            assertThatThrownBy(() -> statement.execute("SELECT * FROM personal.customer_contacts"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied for schema personal");
            // the normaliser keeps the mart's aggregates from the fact views: the writer reads the published model
            assertThat(scalar(statement, "SELECT count(*) FROM mart.fact_orders")).isEqualTo(0L);
            assertThatThrownBy(() -> statement.execute("DELETE FROM staging.orders"))
                    .as("staging is append-only for the writer").isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied for table orders");

            assertThat(scalar(statement, "SELECT core.may_skip_foreign_key_triggers()")).isEqualTo(false);
            statement.execute("INSERT INTO staging.orders (order_id, user_id, status, kafka_topic, kafka_partition, "
                    + "kafka_offset) VALUES (7, 3, 'Shipped', 't', 0, 0)");
            statement.execute("SELECT * FROM core.normalise(true)");
            assertThat(scalar(statement, "SELECT count(*) FROM core.orders WHERE order_id = 7")).isEqualTo(1L);
            assertThat(scalar(statement, "SELECT sum(order_count)::bigint FROM mart.daily_orders")).as("aggregates kept")
                    .isEqualTo(1L);
            statement.execute("SELECT * FROM staging.drop_expired_partitions(interval '7 days')");
        }
    }

    private static Object scalar(Statement statement, String sql) throws SQLException {
        try (var result = statement.executeQuery(sql)) {
            result.next();
            return result.getObject(1);
        }
    }

    /** A new login in ecomstream_writer, as docs and the quickstart make one. */
    private static String writerLogin(Scenario scenario) throws SQLException {
        String login = "sink_writer_" + LOGINS.incrementAndGet() + "_" + System.nanoTime() % 100_000;
        scenario.staging.execute("CREATE ROLE " + login + " LOGIN PASSWORD '" + PASSWORD + "' IN ROLE ecomstream_writer");
        return login;
    }
}
