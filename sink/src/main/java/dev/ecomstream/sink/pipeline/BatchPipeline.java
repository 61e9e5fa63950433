package dev.ecomstream.sink.pipeline;

import dev.ecomstream.schema.Entity;
import dev.ecomstream.sink.decode.DecodedRecord;
import dev.ecomstream.sink.decode.RecordRejection;
import dev.ecomstream.sink.failure.SqlFailureClassifier;
import dev.ecomstream.sink.offsets.PartitionFencedException;
import dev.ecomstream.sink.ops.SinkHealth;
import dev.ecomstream.sink.ops.SinkMetrics;
import dev.ecomstream.sink.write.BatchBuffer;
import dev.ecomstream.sink.write.BatchBuffer.Batch;
import dev.ecomstream.sink.write.StagingBatchWriter;
import dev.ecomstream.sink.write.StagingBatchWriter.BatchOutcome;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of the sink's batches, from the record read to the commit: the buffer, the write in the
 * background, the retries through PostgreSQL outages, and each partition's stored position. Everything a batch
 * leaves behind goes with it: when a batch does not land (the service stops while it waits for PostgreSQL, the
 * fence refuses it), the records read after it from its partitions are dropped too, and those partitions are read
 * again from their stored offsets. Batches of a partition are chained (each expects the stored offset where the
 * previous one ends), so nothing can land past a batch that did not.
 *
 * <p>Used from the poll thread only, including the consumer's rebalance callbacks.
 */
public final class BatchPipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchPipeline.class);
    private static final int REJECTIONS_LOGGED_PER_BATCH = 10;

    /** What the pipeline needs from the consumer side, and tells it. */
    public interface Consumption {
        /** Waits while keeping the group membership, consumption paused; false when the service is stopping. */
        boolean waitBeforeRetry(Duration delay);

        /** Seeks the partitions this instance still owns back to their stored offsets. */
        void readAgain(Collection<TopicPartition> partitions);

        /** Resumes the partitions paused for a retry. */
        void resume(String why);

        /** A batch committed (after the pipeline's own bookkeeping). */
        void committed(Map<TopicPartition, Long> nextOffsets, BatchOutcome outcome);
    }

    private final BatchBuffer buffer;
    /*
     * The first batch of a run does not wait for the batch limits: a started or restarted sink lands its first
     * rows as soon as it has read them (what an operator watches for), and the batches after it fill up while
     * that one is written, as before. It is also small: written after FIRST_BATCH_ROWS records rather than after
     * the whole first poll (thousands of records, decoded by a JVM that has compiled nothing yet).
     */
    private static final int FIRST_BATCH_ROWS = 500;
    private boolean firstBatchSubmitted;
    private final BackgroundWrite background;
    private final BatchRetry retry;
    private final Consumption consumption;
    private final SinkHealth health;
    private final SinkMetrics metrics;
    private final Map<String, Entity> entityByTopic;
    /** The stored offset of each partition being read, as of its last commit: lag counts from here. */
    private final Map<TopicPartition, Long> stored = new HashMap<>();
    /** The offset after the last record read from each partition, for the lag gauge. */
    private final Map<TopicPartition, Long> fetchedUpTo = new HashMap<>();
    /** A batch whose background write failed on a transient error, retried before the next one is written. */
    private Batch failed;
    private SQLException failedWith;
    private final AtomicLong rowsLanded = new AtomicLong();
    private final AtomicLong recordsRejected = new AtomicLong();

    public BatchPipeline(BatchBuffer buffer, StagingBatchWriter writer, Consumption consumption, SinkHealth health,
                         SinkMetrics metrics, Map<String, Entity> entityByTopic) {
        this.buffer = buffer;
        this.background = new BackgroundWrite(writer);
        this.retry = new BatchRetry(health, metrics, writer::write, writer::readBackOutcome,
                consumption::waitBeforeRetry);
        this.consumption = consumption;
        this.health = health;
        this.metrics = metrics;
        this.entityByTopic = Map.copyOf(entityByTopic);
    }

    /** The partitions are read from these stored offsets on; whatever was buffered of them before goes. */
    public void positioned(Map<TopicPartition, Long> storedOffsets) {
        storedOffsets.forEach((partition, offset) -> {
            buffer.startReading(partition, offset);
            stored.put(partition, offset);
            fetchedUpTo.remove(partition);
        });
    }

    /**
     * Adds a record read from Kafka. A record of a partition whose traces were dropped is ignored: the
     * partition is read again from its stored offset.
     */
    public void add(TopicPartition partition, DecodedRecord record, int sizeInBytes, long nowNanos) {
        if (!buffer.isReading(partition)) {
            return;
        }
        buffer.add(record, partition, Math.max(0, sizeInBytes), nowNanos);
        fetchedUpTo.put(partition, record.coordinates().offset() + 1);
        if (!firstBatchSubmitted && buffer.size() >= FIRST_BATCH_ROWS) {
            writeIfDue(nowNanos);
        }
    }

    /** Settles a finished background write, retries a failed batch, and starts writing the buffer when due. */
    public void writeIfDue(long nowNanos) {
        if (background.isDone()) {
            settle();
        }
        retryFailed();
        if (buffer.isDue(nowNanos) || (!firstBatchSubmitted && !buffer.isEmpty())) {
            // at most one batch in the background: its outcome decides whether the next one may follow
            settle();
            retryFailed();
            if (!buffer.isEmpty()) {
                background.submit(buffer.drain());
                firstBatchSubmitted = true;
            }
        }
    }

    /** On stop: settles the batch in flight, then writes what is buffered, once, or gives it up whole. */
    public void finish() {
        settle();
        retryFailed();
        if (!buffer.isEmpty()) {
            land(buffer.drain(), null);
        }
    }

    /**
     * The partitions were taken away (a rebalance): the batch being written finishes first, so their next
     * owner reads offsets that include it; after that nothing of them may be written here.
     */
    public void revoke(Collection<TopicPartition> partitions) {
        settle();
        retry.forget(partitions);
        if (failed != null) {
            failed = BatchRetry.withoutRevoked(failed, partitions, SqlFailureClassifier.firstLine(failedWith));
        }
        buffer.discard(partitions);
        partitions.forEach(partition -> {
            stored.remove(partition);
            fetchedUpTo.remove(partition);
        });
        metrics.forgetPartitions(partitions);
    }

    /** The consumer's position in the partitions is no longer valid: drop what was read and read them again. */
    public void readAgain(Collection<TopicPartition> partitions) {
        settle();
        buffer.discard(partitions);
        consumption.readAgain(partitions);
    }

    /** Records read from Kafka and not yet committed, for the buffered-records gauge. */
    public long bufferedRecords() {
        return buffer.size() + background.records() + retry.records() + (failed == null ? 0 : failed.records().size());
    }

    /** Records read from the partition and not committed yet; 0 for a partition not being read. */
    public long uncommitted(TopicPartition partition) {
        Long fetched = fetchedUpTo.get(partition);
        Long committed = stored.get(partition);
        return fetched != null && committed != null ? Math.max(0, fetched - committed) : 0;
    }

    public long rowsLanded() {
        return rowsLanded.get();
    }

    public long recordsRejected() {
        return recordsRejected.get();
    }

    @Override
    public void close() {
        background.close();
    }

    private void settle() {
        BackgroundWrite.Settled settled = background.await();
        if (settled == null) {
            return;
        }
        Throwable failure = settled.failure();
        if (failure == null) {
            committed(settled.batch(), settled.outcome(), settled.took(), false);
        } else if (failure instanceof PartitionFencedException fence) {
            refused(settled.batch(), fence);
        } else if (failure instanceof SQLException sql) {
            BatchRetry.failIfPermanent(sql);
            failed = settled.batch();
            failedWith = sql;
        } else if (failure instanceof RuntimeException runtime) {
            throw runtime;
        } else {
            throw new IllegalStateException("writing a batch failed", failure);
        }
    }

    private void retryFailed() {
        if (failed != null) {
            Batch batch = failed;
            SQLException failure = failedWith;
            failed = null;
            failedWith = null;
            land(batch, failure);
        }
    }

    /** Writes a batch on this thread, retrying transient failures with back-off while consumption is paused. */
    private void land(Batch batch, SQLException firstFailure) {
        BatchRetry.Ending ending = retry.land(batch, firstFailure);
        if (ending instanceof BatchRetry.Committed done) {
            committed(done.batch(), done.outcome(), done.took(), done.acknowledgementLost());
            return;
        }
        if (ending instanceof BatchRetry.Abandoned abandoned) {
            // Stopping: the records read after it from its partitions chain from it, so they go too.
            buffer.discard(abandoned.batch().nextOffsets().keySet());
            return;
        }
        if (ending instanceof BatchRetry.Refused refused) {
            refused(refused.batch(), refused.fence());
        }
        // Dropped or refused, not committed: only a commit resumes consumption by itself, so without this the
        // partitions this instance still owns would stay paused until the next rebalance.
        if (health.consumptionPaused()) {
            consumption.resume("the batch that was waiting for PostgreSQL was dropped (its partitions were "
                    + "reassigned, or written by another instance); it will be read again from the stored offsets");
        }
    }

    private void committed(Batch batch, BatchOutcome outcome, Duration took, boolean acknowledgementLost) {
        stored.putAll(batch.nextOffsets());
        health.committed();
        health.databaseAnswered();
        if (health.consumptionPaused()) {
            consumption.resume("PostgreSQL is back");
        }
        List<RecordRejection> rejections = outcome.rejections();
        rowsLanded.addAndGet(outcome.landed());
        recordsRejected.addAndGet(rejections.size());
        recordMetrics(batch, outcome, took);
        if (acknowledgementLost) {
            log.info("A batch of {} records had committed on an earlier attempt whose acknowledgement was lost with "
                    + "the connection to PostgreSQL; it was not written again ({} landed, {} rejected, read back "
                    + "from staging)", batch.records().size(), outcome.landed(), rejections.size());
        }
        rejections.stream().limit(REJECTIONS_LOGGED_PER_BATCH).forEach(r ->
                log.warn("Rejected record at {}: {}", r.coordinates(), r.reason()));
        if (rejections.size() > REJECTIONS_LOGGED_PER_BATCH) {
            log.warn("... and {} more rejected records in this batch (see staging.rejected_records)",
                    rejections.size() - REJECTIONS_LOGGED_PER_BATCH);
        }
        log.debug("Batch of {} records: {} landed, {} rejected in {} ms", batch.records().size(), outcome.landed(),
                rejections.size(), took.toMillis());
        consumption.committed(batch.nextOffsets(), outcome);
    }

    private void recordMetrics(Batch batch, BatchOutcome outcome, Duration took) {
        Map<Entity, Integer> rejectedByEntity = new EnumMap<>(Entity.class);
        int unknown = 0;
        for (RecordRejection rejection : outcome.rejections()) {
            Entity entity = entityByTopic.get(rejection.coordinates().topic());
            if (entity == null) {
                unknown++;
            } else {
                rejectedByEntity.merge(entity, 1, Integer::sum);
            }
        }
        metrics.batchCommitted(outcome.landedByEntity(), rejectedByEntity, unknown, batch.records().size(), took);
    }

    private void refused(Batch batch, PartitionFencedException fence) {
        metrics.batchFenced();
        log.warn("Batch of {} records refused by the offset fence: partition {} is stored at {}, not at {} where the "
                        + "batch starts, so another instance (or an earlier copy of this one) has written it since. "
                        + "Nothing of the batch was written; its partitions are read again from the stored offsets.",
                batch.records().size(), fence.partition(), fence.stored().get(fence.partition()), fence.expected());
        Set<TopicPartition> partitions = batch.nextOffsets().keySet();
        buffer.discard(partitions);
        partitions.forEach(stored::remove);
        consumption.readAgain(partitions);
    }
}
