package dev.ecomstream.sink.pipeline;

import dev.ecomstream.sink.failure.Backoff;
import dev.ecomstream.sink.failure.SinkFailedException;
import dev.ecomstream.sink.offsets.PartitionFencedException;
import dev.ecomstream.sink.ops.SinkHealth;
import dev.ecomstream.sink.ops.SinkMetrics;
import dev.ecomstream.sink.write.BatchBuffer.Batch;
import dev.ecomstream.sink.failure.SqlFailureClassifier;
import dev.ecomstream.sink.write.StagingBatchWriter.BatchOutcome;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one batch on the poll thread through transient PostgreSQL failures (connection lost, server restarting,
 * deadlock): each failure is reported to health, counted and logged, and the batch is written again after an
 * exponential back-off, until it commits, the offset fence refuses it, a rebalance takes all of its partitions,
 * or the service stops. A failure that no retry can fix stops the sink with what to fix.
 *
 * <p>A failed attempt may still have committed: the connection can break after PostgreSQL committed and before
 * its answer arrived. The next attempt then meets the fence with every partition stored exactly where the batch
 * ends; that is the batch's own commit, not another instance, and it is reported as such.
 */
final class BatchRetry {

    private static final Logger log = LoggerFactory.getLogger(BatchRetry.class);

    /** One attempt to write and commit the batch. */
    interface Attempt {
        BatchOutcome write(Batch batch) throws SQLException;
    }

    /** What a batch committed by an earlier attempt landed, read back from the database. */
    interface ReadBack {
        BatchOutcome outcomeOf(Batch batch) throws SQLException;
    }

    /** Waits before the next attempt while staying in the consumer group; false when the service is stopping. */
    interface Wait {
        boolean waitBeforeRetry(Duration delay);
    }

    /** How a batch left the retry. */
    sealed interface Ending permits Committed, Refused, Dropped, Abandoned {
    }

    /**
     * Committed; {@code took} is the time of the attempt that succeeded.
     *
     * @param acknowledgementLost the commit was an earlier attempt's, whose answer was lost with the connection
     */
    record Committed(Batch batch, BatchOutcome outcome, Duration took, boolean acknowledgementLost)
            implements Ending {
    }

    /** Refused by the offset fence: another instance wrote one of its partitions meanwhile. */
    record Refused(Batch batch, PartitionFencedException fence) implements Ending {
    }

    /** Emptied by a rebalance during a wait; its records will be read again by their partitions' owners. */
    record Dropped() implements Ending {
    }

    /** Given up whole because the service is stopping; it will be read again after the restart. */
    record Abandoned(Batch batch) implements Ending {
    }

    private final SinkHealth health;
    private final SinkMetrics metrics;
    private final Attempt attempt;
    private final ReadBack readBack;
    private final Wait wait;
    /** The batch being retried, so a revocation during a wait can take its partitions out. */
    private Batch inFlight;

    BatchRetry(SinkHealth health, SinkMetrics metrics, Attempt attempt, ReadBack readBack, Wait wait) {
        this.health = health;
        this.metrics = metrics;
        this.attempt = attempt;
        this.readBack = readBack;
        this.wait = wait;
    }

    /**
     * Writes {@code batch}, and writes it again after each transient failure.
     *
     * @param firstFailure the failure of an attempt already made, or null
     * @throws SinkFailedException for a failure no retry can fix
     */
    Ending land(Batch batch, SQLException firstFailure) {
        inFlight = batch;
        Backoff backoff = Backoff.forDatabase();
        SQLException failure = firstFailure;
        try {
            while (!inFlight.records().isEmpty()) {
                if (failure != null) {
                    failIfPermanent(failure);
                    health.databaseUnreachable(SqlFailureClassifier.firstLine(failure));
                    metrics.batchRetried();
                    log.warn("PostgreSQL unavailable ({}); keeping the batch of {} records, consumption paused, "
                            + "retrying in {} ms", SqlFailureClassifier.firstLine(failure), inFlight.records().size(),
                            backoff.current().toMillis());
                    if (!wait.waitBeforeRetry(backoff.next())) {
                        log.info("Stopping: the batch of {} records is abandoned whole and will be read again",
                                inFlight.records().size());
                        return new Abandoned(inFlight);
                    }
                    if (inFlight.records().isEmpty()) {
                        break;
                    }
                }
                long started = System.nanoTime();
                try {
                    BatchOutcome outcome = attempt.write(inFlight);
                    return new Committed(inFlight, outcome, Duration.ofNanos(System.nanoTime() - started), false);
                } catch (PartitionFencedException e) {
                    if (failure == null || !e.stored().equals(inFlight.nextOffsets())) {
                        return new Refused(inFlight, e);
                    }
                    try {
                        return new Committed(inFlight, readBack.outcomeOf(inFlight),
                                Duration.ofNanos(System.nanoTime() - started), true);
                    } catch (SQLException readBackFailure) {
                        failure = readBackFailure;
                    }
                } catch (SQLException e) {
                    failure = e;
                }
            }
            return new Dropped();
        } finally {
            inFlight = null;
        }
    }

    /** Takes the records of partitions this instance no longer owns out of the batch being retried. */
    void forget(Collection<TopicPartition> partitions) {
        if (inFlight != null) {
            inFlight = withoutRevoked(inFlight, partitions, "waiting to be retried");
        }
    }

    /**
     * {@code batch} without the records of revoked partitions, saying so when it had some: they were never
     * written, and their new owner reads them from the stored offsets.
     */
    static Batch withoutRevoked(Batch batch, Collection<TopicPartition> partitions, String state) {
        Batch kept = batch.without(partitions);
        int dropped = batch.records().size() - kept.records().size();
        if (dropped > 0) {
            log.info("Dropped {} records of a batch that was not written ({}): a rebalance took their partitions, "
                    + "whose owner reads them again from the stored offsets", dropped, state);
        }
        return kept;
    }

    /** Records of the batch being retried, for the buffered-records gauge. */
    int records() {
        return inFlight == null ? 0 : inFlight.records().size();
    }

    /** @throws SinkFailedException unless {@code e} is a failure a later attempt can get past */
    static void failIfPermanent(SQLException e) {
        if (SqlFailureClassifier.classify(e) != SqlFailureClassifier.Reaction.RETRY_BATCH) {
            throw new SinkFailedException("PostgreSQL refused the batch (SQLState " + e.getSQLState() + "): "
                    + SqlFailureClassifier.firstLine(e) + ". To fix: " + SqlFailureClassifier.advice(e)
                    + ". Nothing of the batch was written; it will be read again after the restart.", e);
        }
    }
}
