package dev.ecomstream.sink;

import dev.ecomstream.schema.PostgresOptions;
import dev.ecomstream.schema.SchemaMigrator;
import dev.ecomstream.schema.SecretMasking;
import dev.ecomstream.sink.failure.SinkFailedException;
import dev.ecomstream.sink.failure.SqlFailureClassifier;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ecomstream-sink migrate}: brings the database to this build's schema with Flyway, as the role that owns
 * it, so that the sink itself can run as a login in {@code ecomstream_writer}, which may not change the schema.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Applies this build's pending Flyway migrations (staging, core, the normaliser, the mart, the "
                + "roles) and exits. Run it as the database's owner; the sink can then run as a login in "
                + "ecomstream_writer.",
        footer = {"", "Exit codes: 0 done, 1 failed (the message says what to fix), 2 bad command line."})
final class SinkMigrateCommand implements Callable<Integer> {

    @Mixin
    PostgresOptions postgres;

    /** The command an operator runs to migrate {@code jdbcUrl} as its owner: for "To fix:" lines. */
    static String commandLine(String jdbcUrl) {
        return "java -jar ecomstream-sink.jar migrate --pg-url '" + SecretMasking.maskedUrl(jdbcUrl)
                + "' --pg-user <the database's owner>";
    }

    @Override
    public Integer call() {
        try {
            SchemaMigrator.migrate(postgres.dataSource());
        } catch (RuntimeException e) {
            SQLException sql = SqlFailureClassifier.findSqlException(e);
            if (sql == null) {
                throw e;
            }
            String advice = "42501".equals(sql.getSQLState())
                    ? "run it as the role that owns the database (or its schemas), --pg-user"
                    : SqlFailureClassifier.advice(sql);
            throw new SinkFailedException("Migrating " + SecretMasking.maskedUrl(postgres.url()) + " as "
                    + postgres.user() + " failed: " + SqlFailureClassifier.firstLine(sql) + ". To fix: " + advice
                    + ".", e);
        }
        return 0;
    }
}
