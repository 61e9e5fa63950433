package dev.ecomstream.sink;

import com.zaxxer.hikari.HikariDataSource;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.sink.decode.RecordDecoder;
import dev.ecomstream.sink.normalise.NormaliserScheduler;
import dev.ecomstream.sink.decode.RecordRejection;
import dev.ecomstream.sink.offsets.OffsetStore;
import dev.ecomstream.sink.offsets.PartitionFencedException;
import dev.ecomstream.sink.offsets.SeekToStoredOffsets;
import dev.ecomstream.sink.ops.DatabaseProbe;
import dev.ecomstream.sink.ops.OperationsServer;
import dev.ecomstream.sink.ops.SinkHealth;
import dev.ecomstream.sink.ops.SinkMetrics;
import dev.ecomstream.sink.write.BackgroundWrite;
import dev.ecomstream.sink.write.BatchBuffer;
import dev.ecomstream.sink.write.BatchBuffer.Batch;
import dev.ecomstream.sink.write.StagingBatchWriter;
import dev.ecomstream.sink.write.StagingBatchWriter.BatchOutcome;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running sink: polls the entity topics, decodes records, and lands them batch by batch in the
 * staging tables with their offsets, exactly once. {@link #run()} blocks until {@link #stop()}; a stop lets the
 * batch in flight commit or abandons it whole, never half.
 *
 * <p>While PostgreSQL is unavailable the batch is kept and retried with back-off, and consumption is paused
 * (the poll goes on only to keep the group membership), so memory stays bounded by one batch. While Kafka is
 * unreachable the consumer keeps trying by itself; health reports it.
 */
public final class SinkService implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SinkService.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final Duration DATABASE_PROBE_INTERVAL = Duration.ofSeconds(5);
    private static final long HOUSEKEEPING_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();
    private static final Duration CONSUMER_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final int REJECTIONS_LOGGED_PER_BATCH = 10;

    private final SinkSettings settings;
    private final AfterCommitHook afterCommit;
    /** Null when another process runs the normaliser. */
    private final NormaliserScheduler normaliser;
    private final Instant startedAt;
    private final SinkHealth health;
    private final SinkMetrics metrics;
    private final HikariDataSource dataSource;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RecordDecoder decoder;
    private final BatchBuffer buffer;
    private final StagingBatchWriter writer;
    private final SeekToStoredOffsets seekToStoredOffsets;
    private final OperationsServer operations;
    /** Where each owned partition's next batch starts, as stored in PostgreSQL. */
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    /** The offset after the last record fetched from each partition, for the lag gauge. */
    private final Map<TopicPartition, Long> fetchedUpTo = new HashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong rowsLanded = new AtomicLong();
    private final AtomicLong recordsRejected = new AtomicLong();
    private volatile boolean running = true;
    private final BatchRetry retry;
    private final BackgroundWrite background;
    /** A background write that failed on a transient error inside a rebalance, retried by the loop. */
    private Batch failedBatch;
    private SQLException failedWith;
    private long lastHousekeepingNanos;
    private final SummaryLog summary;
    private Boolean kafkaWasReachable;

    public SinkService(SinkSettings settings) {
        this(settings, AfterCommitHook.NONE);
    }

    /** @param afterCommit told about every committed batch (the normaliser's place) */
    public SinkService(SinkSettings settings, AfterCommitHook afterCommit) {
        this.settings = settings;
        this.afterCommit = afterCommit;
        this.startedAt = Instant.now();
        this.health = new SinkHealth(Clock.systemUTC());
        this.summary = new SummaryLog(health);
        this.metrics = new SinkMetrics(Set.copyOf(settings.entityByTopic().values()), health, startedAt);
        this.dataSource = SinkClients.dataSource(settings);
        try {
            this.consumer = SinkClients.consumer(settings);
            OffsetStore offsetStore = new OffsetStore(settings.consumerGroup());
            this.decoder = new RecordDecoder(settings.entityByTopic(), settings.maxRecordBytes());
            this.buffer = new BatchBuffer(settings.batchMaxRows(), settings.batchMaxBytes(), settings.batchMaxAge());
            this.writer = new StagingBatchWriter(dataSource, offsetStore);
            this.background = new BackgroundWrite(writer);
            this.retry = new BatchRetry(health, metrics, batch -> writer.write(batch, positions),
                    this::waitBeforeRetry);
            this.seekToStoredOffsets = new SeekToStoredOffsets(consumer, dataSource, offsetStore,
                    settings.startFromBeginning(), positions::putAll, this::forgetPartitions);
            this.operations = settings.httpPort() < 0 ? null
                    : OperationsServer.start(settings.httpAddress(), settings.httpPort(), health, metrics, startedAt);
            this.normaliser = settings.normaliseInterval().isZero() ? null
                    : new NormaliserScheduler(dataSource, settings.normaliseInterval());
        } catch (RuntimeException e) {
            dataSource.close();
            metrics.close();
            throw e;
        }
    }

    @Override
    public void run() {
        log.info("Sink starting: {}", settings);
        try (DatabaseProbe probe = new DatabaseProbe(dataSource, health, DATABASE_PROBE_INTERVAL)) {
            if (!StagingSchema.prepare(settings, dataSource, () -> !running,
                    Backoff.forDatabase())) {
                return;
            }
            consumer.subscribe(settings.entityByTopic().keySet(), seekToStoredOffsets);
            health.started();
            log.info("Sink running: consuming {} topic(s) as group '{}'", settings.entityByTopic().size(),
                    settings.consumerGroup());
            Backoff positioningBackoff = Backoff.forDatabase();
            long nextPositioningAttempt = 0;
            while (running) {
                if (!seekToStoredOffsets.pending().isEmpty() && System.nanoTime() >= nextPositioningAttempt) {
                    seekToStoredOffsets.retryPending();
                    nextPositioningAttempt = System.nanoTime() + positioningBackoff.next().toNanos();
                } else if (seekToStoredOffsets.pending().isEmpty()) {
                    positioningBackoff.reset();
                }
                pollOnce();
                if (normaliser != null) {
                    normaliser.poll();
                }
                if (background.isDone()) {
                    settleBackgroundWrite();
                }
                retryFailedBatch();
                if (buffer.isDue(System.nanoTime())) {
                    // at most one batch in the background: its outcome decides where the next one starts
                    settleBackgroundWrite();
                    retryFailedBatch();
                    background.submit(buffer.drain(), positions);
                }
                housekeeping();
            }
            settleBackgroundWrite();
            retryFailedBatch();
            if (!buffer.isEmpty()) {
                land(buffer.drain(), null);
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            health.stopping();
            background.close();
            if (normaliser != null) {
                closeQuietly("normaliser", normaliser::close);
            }
            closeQuietly("Kafka consumer", () -> consumer.close(CloseOptions.timeout(CONSUMER_CLOSE_TIMEOUT)));
            closeQuietly("PostgreSQL pool", dataSource::close);
            if (operations != null) {
                closeQuietly("HTTP server", operations::close);
            }
            metrics.close();
            log.info("Sink stopped: {} rows landed, {} records rejected in this run", rowsLanded.get(),
                    recordsRejected.get());
            stopped.countDown();
        }
    }

    /** Asks the service to stop; returns at once. {@link #run()} returns once the batch in flight is settled. */
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    /** Stops and waits up to {@code timeout} for {@link #run()} to finish; true if it did. */
    public boolean stopAndAwait(Duration timeout) {
        stop();
        try {
            return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops and waits until {@link #run()} has returned. */
    @Override
    public void close() {
        stop();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long rowsLanded() {
        return rowsLanded.get();
    }

    public long recordsRejected() {
        return recordsRejected.get();
    }

    public SinkHealth health() {
        return health;
    }

    /** The port serving /health and /metrics, or -1 when they are off. */
    public int httpPort() {
        return operations == null ? -1 : operations.port();
    }

    private void pollOnce() {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(POLL_TIMEOUT);
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
            return;
        } catch (AuthenticationException | AuthorizationException e) {
            throw new SinkFailedException("Kafka refused the sink: " + e.getMessage() + ". To fix: check the "
                    + "security settings (--kafka-property) and grant the user READ on the topics and on group '"
                    + settings.consumerGroup() + "'.", e);
        } catch (KafkaException e) {
            // the consumer wraps what a rebalance listener throws; a permanent database failure is ours
            if (e.getCause() instanceof SinkFailedException failed) {
                throw failed;
            }
            throw e;
        }
        if (records.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> ofPartition = records.records(partition);
            for (ConsumerRecord<byte[], byte[]> record : ofPartition) {
                buffer.add(decoder.decode(record), Math.max(0, record.serializedValueSize()), now);
            }
            fetchedUpTo.put(partition, ofPartition.get(ofPartition.size() - 1).offset() + 1);
        }
    }

    /**
     * Waits for the batch being written in the background and settles it: commit bookkeeping, fence, or (for a
     * transient database error) keep it for {@link #retryFailedBatch()}. Safe inside a rebalance listener, as it
     * never polls.
     */
    private void settleBackgroundWrite() {
        BackgroundWrite.Settled settled = background.await();
        if (settled == null) {
            return;
        }
        Throwable failure = settled.failure();
        if (failure == null) {
            committed(settled.batch(), settled.outcome(), settled.took());
        } else if (failure instanceof PartitionFencedException fence) {
            fenced(settled.batch(), fence);
        } else if (failure instanceof SQLException sql) {
            BatchRetry.failIfPermanent(sql);
            failedBatch = settled.batch();
            failedWith = sql;
        } else if (failure instanceof RuntimeException runtime) {
            throw runtime;
        } else {
            throw new IllegalStateException("writing a batch failed", failure);
        }
    }

    private void retryFailedBatch() {
        if (failedBatch != null) {
            Batch batch = failedBatch;
            SQLException failure = failedWith;
            failedBatch = null;
            failedWith = null;
            land(batch, failure);
        }
    }

    /**
     * Writes a batch on this thread, retrying transient failures with back-off while consumption is paused.
     *
     * @param firstFailure the failure of an attempt already made, or null
     */
    private void land(Batch batch, SQLException firstFailure) {
        BatchRetry.Ending ending = retry.land(batch, firstFailure);
        if (ending instanceof BatchRetry.Committed done) {
            committed(done.batch(), done.outcome(), done.took());
            return;
        }
        if (ending instanceof BatchRetry.Abandoned) {
            return;
        }
        if (ending instanceof BatchRetry.Refused refused) {
            fenced(refused.batch(), refused.fence());
        }
        // The batch was dropped, not committed: a rebalance during the wait took its partitions, or the fence
        // refused it. Only a commit resumes consumption by itself, so without this the partitions this
        // instance still owns would stay paused until the next rebalance.
        if (health.consumptionPaused()) {
            resumeConsumption("the batch that was waiting for PostgreSQL was dropped (its partitions were "
                    + "reassigned, or written by another instance); it will be read again from the stored offsets");
        }
    }

    private void committed(Batch batch, BatchOutcome outcome, Duration took) {
        positions.putAll(batch.nextOffsets());
        commitToKafkaForLagTools(batch.nextOffsets());
        health.committed();
        health.databaseAnswered();
        resumeIfPaused();
        List<RecordRejection> rejections = outcome.rejections();
        rowsLanded.addAndGet(outcome.landed());
        recordsRejected.addAndGet(rejections.size());
        recordMetrics(batch, outcome, took);
        rejections.stream().limit(REJECTIONS_LOGGED_PER_BATCH).forEach(r ->
                log.warn("Rejected record at {}: {}", r.coordinates(), r.reason()));
        if (rejections.size() > REJECTIONS_LOGGED_PER_BATCH) {
            log.warn("... and {} more rejected records in this batch (see staging.rejected_records)",
                    rejections.size() - REJECTIONS_LOGGED_PER_BATCH);
        }
        log.debug("Batch of {} records: {} landed, {} rejected in {} ms", batch.records().size(), outcome.landed(),
                rejections.size(), took.toMillis());
        if (normaliser != null) {
            normaliser.afterCommit(outcome.landed() > 0);
        }
        try {
            afterCommit.afterCommit(outcome);
        } catch (RuntimeException e) {
            log.error("The after-commit hook failed; the batch is committed and the sink goes on", e);
        }
    }

    private void recordMetrics(Batch batch, BatchOutcome outcome, Duration took) {
        Map<Entity, Integer> rejectedByEntity = new EnumMap<>(Entity.class);
        int unknown = 0;
        for (RecordRejection rejection : outcome.rejections()) {
            Entity entity = settings.entityByTopic().get(rejection.coordinates().topic());
            if (entity == null) {
                unknown++;
            } else {
                rejectedByEntity.merge(entity, 1, Integer::sum);
            }
        }
        metrics.batchCommitted(outcome.landedByEntity(), rejectedByEntity, unknown, batch.records().size(), took);
    }

    private void fenced(Batch batch, PartitionFencedException e) {
        metrics.batchFenced();
        log.warn("Batch of {} records refused by the offset fence: {}. Nothing of it was written; re-reading its "
                + "partitions from the stored offsets.", batch.records().size(), e.getMessage());
        Set<TopicPartition> partitions = batch.nextOffsets().keySet();
        buffer.discard(partitions);
        partitions.forEach(positions::remove);
        seekToStoredOffsets.reposition(partitions);
    }

    /**
     * Waits while staying in the consumer group: consumption is paused so nothing piles up in memory, and the
     * poll keeps the group membership alive (a revocation meanwhile takes its partitions out of the batch).
     *
     * @return false when the service is stopping
     */
    private boolean waitBeforeRetry(Duration delay) {
        consumer.pause(consumer.assignment());
        health.consumptionPaused(true);
        long until = System.nanoTime() + delay.toNanos();
        while (running && System.nanoTime() < until) {
            try {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
                // Partitions assigned (and positioned) during a poll deliver before they can be paused.
                long now = System.nanoTime();
                records.forEach(r -> buffer.add(decoder.decode(r), Math.max(0, r.serializedValueSize()), now));
                consumer.pause(consumer.assignment());
            } catch (WakeupException e) {
                if (running) {
                    throw e;
                }
            }
            housekeeping();
        }
        return running;
    }

    private void resumeIfPaused() {
        if (health.consumptionPaused()) {
            resumeConsumption("PostgreSQL is back");
        }
    }

    private void resumeConsumption(String why) {
        Set<TopicPartition> paused = new HashSet<>(consumer.paused());
        paused.removeAll(seekToStoredOffsets.pending());
        consumer.resume(paused);
        health.consumptionPaused(false);
        log.info("Consumption resumed: {}", why);
    }

    private void forgetPartitions(Collection<TopicPartition> partitions) {
        // A batch being written finishes first, so the partitions' next owner reads offsets that include it.
        settleBackgroundWrite();
        // Nothing of a partition this instance no longer owns may be written after this point.
        buffer.discard(partitions);
        retry.forget(partitions);
        if (failedBatch != null) {
            failedBatch = failedBatch.without(partitions);
        }
        partitions.forEach(p -> {
            positions.remove(p);
            fetchedUpTo.remove(p);
        });
        metrics.forgetPartitions(partitions);
    }

    private void commitToKafkaForLagTools(Map<TopicPartition, Long> nextOffsets) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        nextOffsets.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
        consumer.commitAsync(offsets, (committed, failure) -> {
            if (failure != null) {
                log.debug("Kafka offset commit (for lag tools only) failed: {}", failure.getMessage());
            }
        });
    }

    /** Once a second: health, lag gauges, and the periodic summary line. */
    private void housekeeping() {
        long now = System.nanoTime();
        if (now - lastHousekeepingNanos < HOUSEKEEPING_INTERVAL_NANOS) {
            return;
        }
        lastHousekeepingNanos = now;
        Set<TopicPartition> assignment = consumer.assignment();
        health.assignedPartitions(assignment.size());
        updateKafkaReachability();
        long totalLag = 0;
        for (TopicPartition partition : assignment) {
            OptionalLong lag = consumer.currentLag(partition);
            if (lag.isPresent()) {
                // currentLag counts from the fetch position; records fetched but not yet committed are lag too.
                Long fetched = fetchedUpTo.get(partition);
                Long stored = positions.get(partition);
                long uncommitted = fetched != null && stored != null ? Math.max(0, fetched - stored) : 0;
                metrics.lag(partition, lag.getAsLong() + uncommitted);
                totalLag += lag.getAsLong() + uncommitted;
            }
        }
        metrics.bufferedRecords(buffer.size() + background.records()
                + retry.records()
                + (failedBatch == null ? 0 : failedBatch.records().size()));
        summary.logIfDue(now, rowsLanded.get(), recordsRejected.get(), totalLag, assignment.size());
    }

    private void updateKafkaReachability() {
        boolean reachable = KafkaConnectivity.hasConnection(consumer);
        health.kafkaReachable(reachable);
        if (kafkaWasReachable == null || kafkaWasReachable != reachable) {
            if (!reachable) {
                log.warn("Kafka at {} is unreachable; waiting for it (health reports it)", settings.bootstrapServers());
            } else if (kafkaWasReachable != null) {
                log.info("Kafka is reachable again");
            }
            kafkaWasReachable = reachable;
        }
    }

    private static void closeQuietly(String what, Runnable close) {
        try {
            close.run();
        } catch (RuntimeException e) {
            log.warn("Closing the {} failed: {}", what, e.getMessage());
        }
    }
}
