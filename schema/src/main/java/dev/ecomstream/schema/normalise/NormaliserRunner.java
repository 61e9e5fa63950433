package dev.ecomstream.schema.normalise;

import dev.ecomstream.schema.Entity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the normaliser ({@code core.normalise()}, defined by the Flyway migrations) over a data source:
 * staging rows landed since the last run go into core, in dependency order.
 *
 * <p>One run at a time across all instances: the SQL function takes a transaction-scoped advisory lock,
 * so a crashed caller never leaves it held. A run is one transaction: it either moves core and the
 * watermarks forward together, or not at all. Thread-safe; holds no connection between runs.
 */
public final class NormaliserRunner {

    private static final Logger log = LoggerFactory.getLogger(NormaliserRunner.class);
    private static final String RUN =
            "SELECT entity, inserted, updated, inferred, pending, deferred FROM core.normalise(?)";
    private static final Duration CATCH_UP_PAUSE = Duration.ofMillis(200);

    private final DataSource dataSource;

    public NormaliserRunner(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Runs once, waiting for a run of another instance to finish first. For batch use.
     *
     * @throws NormaliserException if the database refused the run
     */
    public NormaliserRun runOnce() {
        return run(true);
    }

    /**
     * Runs once unless another instance is running the normaliser right now, in which case it returns
     * at once with {@link NormaliserRun#ran()} false. For the sink's periodic runs: the other
     * instance's run does the work.
     *
     * @throws NormaliserException if the database refused the run
     */
    public NormaliserRun runIfIdle() {
        return run(false);
    }

    /**
     * Runs until no visible staging row is left for a later run, or until {@code timeout} has passed.
     * Rows are deferred while a transaction that started before them is still open; a batch job that
     * wants "everything landed so far" in core calls this.
     *
     * @return the combined counts; {@link NormaliserRun#caughtUp()} tells whether it got there
     * @throws NormaliserException if the database refused a run
     */
    public NormaliserRun runUntilCaughtUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        NormaliserRun total = runOnce();
        while (!total.caughtUp() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(CATCH_UP_PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            total = total.then(runOnce());
        }
        return total;
    }

    private NormaliserRun run(boolean waitForLock) {
        long startedAt = System.nanoTime();
        List<EntityCounts> counts = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            // core.normalise relies on each statement seeing what committed before it (see R__12)
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            connection.setAutoCommit(true);
            try (PreparedStatement statement = connection.prepareStatement(RUN)) {
                statement.setBoolean(1, waitForLock);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        counts.add(countsOf(rows));
                    }
                }
                for (SQLWarning warning = statement.getWarnings(); warning != null;
                        warning = warning.getNextWarning()) {
                    if (isWarning(warning)) {
                        log.warn("Normaliser: {}", warning.getMessage());
                    }
                }
            }
        } catch (SQLException e) {
            throw new NormaliserException("The normaliser run failed: " + e.getMessage() + " (SQLState "
                    + e.getSQLState() + "); core is unchanged, the next run retries the same rows", e);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startedAt);
        if (counts.isEmpty()) {
            log.debug("Normaliser run skipped: another instance is running it");
            return NormaliserRun.skipped(elapsed);
        }
        NormaliserRun run = new NormaliserRun(true, counts, elapsed);
        log.info("Normaliser run in {} ms: {} inserted, {} updated, {} inferred, {} pending, {} deferred "
                        + "to the next run",
                elapsed.toMillis(), run.inserted(), run.updated(), run.inferred(), run.pending(), run.deferred());
        return run;
    }

    /**
     * Whether a message of the run is one an operator must see (RAISE WARNING, SQLState class 01, such as a
     * watermark re-derived after a restore), not a notice (class 00, such as "table does not exist, skipping").
     */
    static boolean isWarning(SQLWarning warning) {
        return warning.getSQLState() != null && warning.getSQLState().startsWith("01");
    }

    private static EntityCounts countsOf(ResultSet row) throws SQLException {
        String name = row.getString("entity");
        Entity entity = Entity.byName(name).orElseThrow(() -> new IllegalStateException(
                "core.normalise returned entity '" + name + "' that the catalog does not know; "
                        + "are the migrations newer than this build?"));
        return new EntityCounts(entity, row.getLong("inserted"), row.getLong("updated"), row.getLong("inferred"),
                row.getLong("pending"), row.getLong("deferred"));
    }
}
