package dev.ecomstream.sink;

import com.zaxxer.hikari.HikariDataSource;
import dev.ecomstream.schema.StagingPartitions;
import dev.ecomstream.sink.failure.Backoff;
import dev.ecomstream.sink.decode.RecordDecoder;
import dev.ecomstream.sink.failure.SinkFailedException;
import dev.ecomstream.sink.normalise.NormaliserScheduler;
import dev.ecomstream.sink.offsets.OffsetStore;
import dev.ecomstream.sink.offsets.SeekToStoredOffsets;
import dev.ecomstream.sink.ops.DatabaseProbe;
import dev.ecomstream.sink.ops.OperationsServer;
import dev.ecomstream.sink.ops.SinkHealth;
import dev.ecomstream.sink.ops.SinkMetrics;
import dev.ecomstream.sink.retention.StagingRetention;
import dev.ecomstream.sink.pipeline.BatchPipeline;
import dev.ecomstream.sink.write.BatchBuffer;
import dev.ecomstream.sink.write.StagingBatchWriter;
import dev.ecomstream.sink.write.StagingBatchWriter.BatchOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.NoOffsetForPartitionException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running sink: polls the entity topics, decodes records, and hands them to the {@link BatchPipeline},
 * which lands them batch by batch in the staging tables with their offsets, exactly once. {@link #run()} blocks
 * until {@link #stop()}; a stop lets the batch in flight commit or abandons it whole, never half.
 *
 * <p>While PostgreSQL is unavailable the batch is kept and retried with back-off, and consumption is paused
 * (the poll goes on only to keep the group membership), so memory stays bounded by one batch. While Kafka is
 * unreachable the consumer keeps trying by itself; health reports it.
 */
public final class SinkService implements Runnable, AutoCloseable, BatchPipeline.Consumption {

    private static final Logger log = LoggerFactory.getLogger(SinkService.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final Duration DATABASE_PROBE_INTERVAL = Duration.ofSeconds(5);
    private static final long HOUSEKEEPING_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();
    private static final Duration CONSUMER_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** Partitions are daily: an hourly round creates tomorrow's in time and drops a day within the hour. */
    private static final Duration STAGING_RETENTION_INTERVAL = Duration.ofHours(1);

    private final SinkSettings settings;
    /** Null when another process runs the normaliser. */
    private final NormaliserScheduler normaliser;
    private final StagingRetention stagingRetention;
    private final Instant startedAt;
    private final SinkHealth health;
    private final SinkMetrics metrics;
    private final HikariDataSource dataSource;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RecordDecoder decoder;
    private final BatchPipeline pipeline;
    private final SeekToStoredOffsets seekToStoredOffsets;
    private final OperationsServer operations;
    private final SummaryLog summary;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private long lastHousekeepingNanos;
    private Boolean kafkaWasReachable;

    public SinkService(SinkSettings settings) {
        this.settings = settings;
        this.startedAt = Instant.now();
        this.health = new SinkHealth(Clock.systemUTC());
        this.summary = new SummaryLog(health);
        // The Kafka client is the slowest part to build (most of its classes load here): built on a thread of its
        // own while this one builds the rest, the first row lands sooner.
        CompletableFuture<KafkaConsumer<byte[], byte[]>> consumerBuilt = CompletableFuture.supplyAsync(
                () -> SinkClients.consumer(settings), task -> new Thread(task, "ecomstream-sink-start").start());
        SinkMetrics metrics = null;
        HikariDataSource dataSource = null;
        try {
            this.metrics = metrics = new SinkMetrics(Set.copyOf(settings.entityByTopic().values()), health, startedAt);
            this.dataSource = dataSource = SinkClients.dataSource(settings);
            OffsetStore offsetStore = new OffsetStore(settings.consumerGroup());
            this.decoder = new RecordDecoder(settings.entityByTopic(), settings.maxRecordBytes());
            this.pipeline = new BatchPipeline(
                    new BatchBuffer(settings.batchMaxRows(), settings.batchMaxBytes(), settings.batchMaxAge()),
                    new StagingBatchWriter(dataSource, offsetStore), this, health, metrics, settings.entityByTopic());
            this.consumer = joinUnwrapped(consumerBuilt);
            this.seekToStoredOffsets = new SeekToStoredOffsets(consumer, dataSource, offsetStore,
                    settings.startFromBeginning(), settings.acceptOffsetGaps(), health, metrics,
                    pipeline::positioned, pipeline::revoke);
            this.operations = settings.httpPort() < 0 ? null
                    : OperationsServer.start(settings.httpAddress(), settings.httpPort(), health, metrics, startedAt);
            this.normaliser = settings.normaliseInterval().isZero() ? null
                    : new NormaliserScheduler(dataSource, settings.normaliseInterval());
            this.stagingRetention = new StagingRetention(new StagingPartitions(dataSource), settings.stagingRetention(),
                    STAGING_RETENTION_INTERVAL);
        } catch (RuntimeException e) {
            consumerBuilt.thenAccept(KafkaConsumer::close);
            if (dataSource != null) {
                dataSource.close();
            }
            if (metrics != null) {
                metrics.close();
            }
            throw e;
        }
    }

    /** The future's value, or the exception it failed with, as thrown by the code it ran. */
    private static <T> T joinUnwrapped(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    /*
     * "try": the probe checks the database on its own thread for as long as the loop runs; the try block is
     * its lifetime, and the loop never calls it.
     */
    @SuppressWarnings("try")
    @Override
    public void run() {
        log.info("Sink starting: {}", settings);
        try (DatabaseProbe probe = new DatabaseProbe(dataSource, health, DATABASE_PROBE_INTERVAL)) {
            // The group join and the migrations each take a second or more: done side by side, the first row
            // lands sooner. Partitions assigned before the tables are ready wait, paused.
            CompletableFuture<Boolean> tables = CompletableFuture.supplyAsync(
                    () -> StagingSchema.prepare(settings, dataSource, () -> !running, Backoff.forDatabase()),
                    task -> new Thread(task, "ecomstream-sink-schema").start());
            seekToStoredOffsets.awaitTables();
            consumer.subscribe(settings.entityByTopic().keySet(), seekToStoredOffsets);
            boolean tablesReady = false;
            Backoff positioningBackoff = Backoff.forDatabase();
            long nextPositioningAttempt = 0;
            while (running) {
                if (!tablesReady) {
                    if (!tables.isDone()) {
                        pollOnce();
                        continue;
                    }
                    if (!tablesReady(tables)) {
                        break;
                    }
                    tablesReady = true;
                }
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
                pipeline.writeIfDue(System.nanoTime());
                housekeeping();
            }
            pipeline.finish();
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            health.stopping();
            pipeline.close();
            if (normaliser != null) {
                closeQuietly("normaliser", normaliser::close);
            }
            closeQuietly("staging retention", stagingRetention::close);
            closeQuietly("Kafka consumer", () -> consumer.close(CloseOptions.timeout(CONSUMER_CLOSE_TIMEOUT)));
            closeQuietly("PostgreSQL pool", dataSource::close);
            if (operations != null) {
                closeQuietly("HTTP server", operations::close);
            }
            metrics.close();
            log.info("Sink stopped: {} rows landed, {} records rejected in this run", pipeline.rowsLanded(),
                    pipeline.recordsRejected());
            stopped.countDown();
        }
    }

    /**
     * Takes the outcome of preparing the tables: false when a stop came first.
     *
     * @throws SinkFailedException when the tables cannot be prepared
     */
    private boolean tablesReady(CompletableFuture<Boolean> tables) {
        boolean ready = joinUnwrapped(tables);
        if (ready) {
            seekToStoredOffsets.tablesReady();
            stagingRetention.start();
            health.started();
            log.info("Sink running: consuming {} topic(s) as group '{}', member '{}'",
                    settings.entityByTopic().size(), settings.consumerGroup(), settings.instanceId());
        }
        return ready;
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
        return pipeline.rowsLanded();
    }

    public long recordsRejected() {
        return pipeline.recordsRejected();
    }

    public SinkHealth health() {
        return health;
    }

    /** The port serving /health and /metrics, or -1 when they are off. */
    public int httpPort() {
        return operations == null ? -1 : operations.port();
    }

    private void pollOnce() {
        ConsumerRecords<byte[], byte[]> records = poll();
        long now = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            pipeline.add(new TopicPartition(record.topic(), record.partition()), decoder.decode(record),
                    record.serializedValueSize(), now);
        }
    }

    private ConsumerRecords<byte[], byte[]> poll() {
        try {
            return consumer.poll(POLL_TIMEOUT);
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (OffsetOutOfRangeException e) {
            // retention deleted records this instance had not landed yet, while it was reading them
            log.warn("Kafka says the position in {} is outside the log; checking the stored offsets",
                    e.offsetOutOfRangePartitions().keySet());
            pipeline.readAgain(e.offsetOutOfRangePartitions().keySet());
        } catch (NoOffsetForPartitionException e) {
            // partitions still waiting for their stored offsets (PostgreSQL unreachable): paused, so nothing is
            // fetched; a placeholder position stops the consumer asking until they are positioned
            consumer.seekToBeginning(e.partitions());
        } catch (AuthenticationException | AuthorizationException e) {
            throw new SinkFailedException("Kafka refused the sink: " + e.getMessage() + ". To fix: check the "
                    + "security settings (--kafka-property) and grant the user READ on the topics and on group '"
                    + settings.consumerGroup() + "'.", e);
        } catch (FencedInstanceIdException e) {
            throw new SinkFailedException("Another sink instance joined group '" + settings.consumerGroup()
                    + "' as member '" + settings.instanceId() + "' and took over this one's partitions. To fix: give "
                    + "each instance of a group its own --instance-id (SINK_INSTANCE_ID).", e);
        } catch (KafkaException e) {
            // the consumer wraps what a rebalance listener throws; a permanent database failure is ours
            if (e.getCause() instanceof SinkFailedException failed) {
                throw failed;
            }
            throw e;
        }
        return ConsumerRecords.empty();
    }

    /**
     * Waits while staying in the consumer group: consumption is paused so nothing piles up in memory, and the
     * poll keeps the group membership alive (a revocation meanwhile takes its partitions out of the batch).
     *
     * @return false when the service is stopping
     */
    @Override
    public boolean waitBeforeRetry(Duration delay) {
        consumer.pause(consumer.assignment());
        health.consumptionPaused(true);
        long until = System.nanoTime() + delay.toNanos();
        while (running && System.nanoTime() < until) {
            // Partitions assigned (and positioned) during a poll deliver before they can be paused.
            pollOnce();
            consumer.pause(consumer.assignment());
            housekeeping();
        }
        return running;
    }

    @Override
    public void readAgain(Collection<TopicPartition> partitions) {
        seekToStoredOffsets.reposition(partitions);
    }

    @Override
    public void resume(String why) {
        Set<TopicPartition> paused = new HashSet<>(consumer.paused());
        paused.removeAll(seekToStoredOffsets.pending());
        paused.removeAll(seekToStoredOffsets.stopped());
        consumer.resume(paused);
        health.consumptionPaused(false);
        log.info("Consumption resumed: {}", why);
    }

    @Override
    public void committed(Map<TopicPartition, Long> nextOffsets, BatchOutcome outcome) {
        commitToKafkaForLagTools(nextOffsets);
        if (normaliser != null) {
            normaliser.afterCommit(outcome.landed() > 0);
        }
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
                long partitionLag = lag.getAsLong() + pipeline.uncommitted(partition);
                metrics.lag(partition, partitionLag);
                totalLag += partitionLag;
            }
        }
        metrics.bufferedRecords(pipeline.bufferedRecords());
        summary.logIfDue(now, pipeline.rowsLanded(), pipeline.recordsRejected(), totalLag, assignment.size());
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
