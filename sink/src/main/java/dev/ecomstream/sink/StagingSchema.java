package dev.ecomstream.sink;

import dev.ecomstream.sink.failure.Backoff;
import dev.ecomstream.sink.failure.SinkFailedException;
import dev.ecomstream.schema.SchemaMigrator;
import dev.ecomstream.schema.StagingPartitions;
import dev.ecomstream.sink.failure.SqlFailureClassifier;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the tables the sink writes exist before it consumes anything: runs the Flyway migrations, or with
 * {@code --skip-migrations} checks the tables and the sink user's privileges and fails fast naming what is
 * missing; then creates today's and tomorrow's staging partitions if they are missing. While PostgreSQL is unreachable it waits and retries, so a sink started before its database
 * simply starts late.
 */
final class StagingSchema {

    private static final Logger log = LoggerFactory.getLogger(StagingSchema.class);
    private static final String CHECK = "SELECT to_regclass(?) IS NOT NULL, "
            + "CASE WHEN to_regclass(?) IS NULL THEN false ELSE has_table_privilege(?, 'INSERT') END";

    private StagingSchema() {
    }

    /**
     * @param stopRequested polled while waiting for PostgreSQL; true ends the wait
     * @return false when a stop was requested before the database was ready
     * @throws SinkFailedException when the schema is missing or the database refuses the sink for good
     */
    static boolean prepare(SinkSettings settings, DataSource dataSource, BooleanSupplier stopRequested,
                           Backoff backoff) {
        boolean migrate = settings.migrate();
        while (!stopRequested.getAsBoolean()) {
            try {
                logIn(settings);
                if (migrate) {
                    SchemaMigrator.migrate(dataSource);
                } else {
                    check(dataSource, settings);
                }
                // today's and tomorrow's partitions before the first row; StagingRetention keeps them ahead
                for (StagingPartitions.CreatedPartition created : new StagingPartitions(dataSource).createAhead()) {
                    log.info("Created staging partition {}", created.partition());
                }
                return true;
            } catch (SQLException | RuntimeException e) {
                if (e instanceof SinkFailedException failed) {
                    throw failed;
                }
                SQLException sql = SqlFailureClassifier.findSqlException(e);
                if (sql == null || SqlFailureClassifier.classify(sql) != SqlFailureClassifier.Reaction.RETRY_BATCH) {
                    String what = migrate ? "Migrating the staging schema failed" : "Checking the staging schema failed";
                    String advice = sql == null ? "fix the database or its schema, then restart the sink"
                            : migrate && "42501".equals(sql.getSQLState()) ? "the database needs this build's "
                            + "migrations and " + settings.dbUser() + " may not run them (a login in ecomstream_writer "
                            + "never may): run them as the database's owner, "
                            + SinkMigrateCommand.commandLine(settings.jdbcUrl()) + ", then start the sink again"
                            : SqlFailureClassifier.advice(sql);
                    throw new SinkFailedException(what + ": " + SqlFailureClassifier.firstLine(sql != null ? sql : e) + ". To fix: "
                            + advice + ".", e);
                }
                log.warn("PostgreSQL is not reachable yet ({}); trying again in {} ms", SqlFailureClassifier.firstLine(sql),
                        backoff.current().toMillis());
                if (!backoff.sleep(stopRequested)) {
                    return false;
                }
            }
        }
        return false;
    }

    /*
     * One direct connection first: the pool only reports a refused login after its connection timeout, and
     * as a generic timeout; PgJDBC says at once whether the server is away (retry) or refuses us (stop).
     */
    private static void logIn(SinkSettings settings) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", settings.dbUser());
        if (settings.dbPassword() != null) {
            properties.setProperty("password", settings.dbPassword());
        }
        properties.setProperty("connectTimeout", "10");
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), properties)) {
            connection.isValid(5);
        }
    }

    private static void check(DataSource dataSource, SinkSettings settings) throws SQLException {
        List<String> tables = new ArrayList<>();
        settings.entityByTopic().values().forEach(entity -> tables.add(entity.stagingTable()));
        tables.add("staging.sink_offsets");
        tables.add("staging.rejected_records");
        List<String> missing = new ArrayList<>();
        List<String> notWritable = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(CHECK)) {
            for (String table : tables) {
                statement.setString(1, table);
                statement.setString(2, table);
                statement.setString(3, table);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    if (!row.getBoolean(1)) {
                        missing.add(table);
                    } else if (!row.getBoolean(2)) {
                        notWritable.add(table);
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new SinkFailedException("--skip-migrations is set but these tables do not exist: "
                    + String.join(", ", missing) + ". To fix: run the migrations as the database's owner ("
                    + SinkMigrateCommand.commandLine(settings.jdbcUrl()) + "), or check that --pg-url names the "
                    + "right database.", null);
        }
        if (!notWritable.isEmpty()) {
            throw new SinkFailedException("The database user may not insert into " + String.join(", ", notWritable)
                    + ". To fix: GRANT INSERT, SELECT, UPDATE on them (and USAGE on schema staging) to the sink's "
                    + "user, or set --pg-user to one that has them.", null);
        }
        log.info("Migrations skipped; the {} staging tables exist and are writable", tables.size());
    }
}
