package dev.ecomstream.sink.ops;

import dev.ecomstream.sink.failure.SqlFailureClassifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Checks every few seconds that PostgreSQL answers, so health is right even while no batch is being written
 * (an idle sink would otherwise report a database that went away as reachable until the next record).
 */
public final class DatabaseProbe implements AutoCloseable {

    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sink-db-probe");
        thread.setDaemon(true);
        return thread;
    });

    public DatabaseProbe(DataSource dataSource, SinkHealth health, Duration interval) {
        scheduler.scheduleWithFixedDelay(() -> probe(dataSource, health), 0, interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private static void probe(DataSource dataSource, SinkHealth health) {
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
                health.databaseAnswered();
            } else {
                health.databaseUnreachable("no answer within " + VALIDATION_TIMEOUT_SECONDS + " s");
            }
        } catch (SQLException | RuntimeException e) {
            health.databaseUnreachable(SqlFailureClassifier.firstLine(e));
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
