package dev.ecomstream.sink;

import dev.ecomstream.schema.SchemaMigrator;
import dev.ecomstream.sink.decode.RecordDecoder;
import dev.ecomstream.sink.normalise.NormaliserScheduler;
import dev.ecomstream.sink.offsets.OffsetStore;
import dev.ecomstream.sink.offsets.PartitionFencedException;
import dev.ecomstream.sink.offsets.SeekToStoredOffsets;
import dev.ecomstream.sink.write.BatchBuffer;
import dev.ecomstream.sink.write.BatchBuffer.Batch;
import dev.ecomstream.sink.write.SqlFailureClassifier;
import dev.ecomstream.sink.write.StagingBatchWriter;
import dev.ecomstream.sink.write.StagingBatchWriter.BatchOutcome;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running sink: polls the entity topics, decodes records, and lands them batch by batch in the
 * staging tables with their offsets, exactly once. {@link #run()} blocks until {@link #stop()}; a stop lets the
 * batch in flight commit or abandons it whole, never half.
 */
public final class SinkService implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SinkService.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(500);
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);
    private static final long SUMMARY_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

    private final SinkSettings settings;
    private final HikariDataSource dataSource;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RecordDecoder decoder;
    private final BatchBuffer buffer;
    private final StagingBatchWriter writer;
    private final SeekToStoredOffsets seekToStoredOffsets;
    /** Null when another process runs the normaliser. */
    private final NormaliserScheduler normaliser;
    /** Where each owned partition's next batch starts, as stored in PostgreSQL. */
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong rowsLanded = new AtomicLong();
    private final AtomicLong recordsRejected = new AtomicLong();
    private volatile boolean running = true;
    private long lastSummaryNanos = System.nanoTime();
    private long landedAtLastSummary;

    public SinkService(SinkSettings settings) {
        this.settings = settings;
        this.dataSource = createDataSource(settings);
        try {
            if (settings.migrate()) {
                SchemaMigrator.migrate(dataSource);
            }
            OffsetStore offsetStore = new OffsetStore(settings.consumerGroup());
            this.consumer = new KafkaConsumer<>(consumerProperties(settings));
            this.decoder = new RecordDecoder(settings.entityByTopic(), settings.maxRecordBytes());
            this.buffer = new BatchBuffer(settings.batchMaxRows(), settings.batchMaxBytes(), settings.batchMaxAge());
            this.writer = new StagingBatchWriter(dataSource, offsetStore);
            this.seekToStoredOffsets = new SeekToStoredOffsets(consumer, dataSource, offsetStore,
                    settings.startFromBeginning(), positions::putAll, this::forgetPartitions);
            this.normaliser = settings.normaliseInterval().isZero() ? null
                    : new NormaliserScheduler(dataSource, settings.normaliseInterval());
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    @Override
    public void run() {
        log.info("Sink started: {}", settings);
        try {
            consumer.subscribe(settings.entityByTopic().keySet(), seekToStoredOffsets);
            while (running) {
                pollOnce();
                if (buffer.isDue(System.nanoTime())) {
                    landBufferedBatch();
                }
                logSummaryIfDue();
                if (normaliser != null) {
                    normaliser.poll();
                }
            }
            if (!buffer.isEmpty()) {
                landBufferedBatch();
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close();
            if (normaliser != null) {
                normaliser.close();
            }
            dataSource.close();
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

    private void pollOnce() {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(POLL_TIMEOUT);
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
            return;
        }
        long now = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            buffer.add(decoder.decode(record), Math.max(0, record.serializedValueSize()), now);
        }
    }

    private void landBufferedBatch() {
        Batch batch = buffer.drain();
        Duration delay = FIRST_RETRY_DELAY;
        while (true) {
            try {
                long started = System.nanoTime();
                BatchOutcome outcome = writer.write(batch, positions);
                positions.putAll(batch.nextOffsets());
                commitToKafkaForLagTools(batch.nextOffsets());
                resumeIfPaused();
                rowsLanded.addAndGet(outcome.landed());
                if (normaliser != null) {
                    normaliser.afterCommit(outcome.landed() > 0);
                }
                recordsRejected.addAndGet(outcome.rejections().size());
                outcome.rejections().stream().limit(10).forEach(r ->
                        log.warn("Rejected record at {}: {}", r.coordinates(), r.reason()));
                log.debug("Batch of {} records: {} landed, {} rejected in {} ms", batch.records().size(),
                        outcome.landed(), outcome.rejections().size(), (System.nanoTime() - started) / 1_000_000);
                return;
            } catch (PartitionFencedException e) {
                log.warn("Batch abandoned: {}. Re-reading its partitions from the stored offsets.", e.getMessage());
                buffer.discard(batch.nextOffsets().keySet());
                batch.nextOffsets().keySet().forEach(positions::remove);
                seekToStoredOffsets.reposition(batch.nextOffsets().keySet());
                return;
            } catch (SQLException e) {
                if (SqlFailureClassifier.classify(e) != SqlFailureClassifier.Reaction.RETRY_BATCH) {
                    throw new SinkFailedException("PostgreSQL refused the batch (SQLState " + e.getSQLState() + "): "
                            + e.getMessage() + ". Fix the database or its schema (run the migrations), then restart "
                            + "the sink; nothing of the batch was written and it will be read again.", e);
                }
                log.warn("PostgreSQL unavailable ({}); keeping the batch of {} records and retrying in {} ms",
                        e.getMessage(), batch.records().size(), delay.toMillis());
                batch = waitBeforeRetry(batch, delay);
                if (batch == null) {
                    return;
                }
                delay = delay.multipliedBy(2).compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay.multipliedBy(2);
            }
        }
    }

    /**
     * Waits while staying in the consumer group: consumption is paused so nothing piles up in memory, and
     * the poll keeps the group membership alive. Returns the batch without partitions lost meanwhile, or
     * null when the service is stopping (the batch is abandoned whole and will be read again).
     */
    private Batch waitBeforeRetry(Batch batch, Duration delay) {
        consumer.pause(consumer.assignment());
        long until = System.nanoTime() + delay.toNanos();
        while (running && System.nanoTime() < until) {
            try {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
                long now = System.nanoTime();
                // Partitions assigned during the wait are not paused; keep what they deliver.
                records.forEach(r -> buffer.add(decoder.decode(r), Math.max(0, r.serializedValueSize()), now));
            } catch (WakeupException e) {
                if (running) {
                    throw e;
                }
            }
        }
        if (!running) {
            return null;
        }
        var owned = consumer.assignment();
        if (owned.containsAll(batch.nextOffsets().keySet())) {
            return batch;
        }
        return new Batch(batch.records().stream()
                .filter(r -> owned.contains(new TopicPartition(r.coordinates().topic(), r.coordinates().partition())))
                .toList(),
                batch.firstOffsets().entrySet().stream().filter(e -> owned.contains(e.getKey()))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                batch.nextOffsets().entrySet().stream().filter(e -> owned.contains(e.getKey()))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    private void resumeIfPaused() {
        if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
            log.info("PostgreSQL is back; consumption resumed");
        }
    }

    private void forgetPartitions(Collection<TopicPartition> partitions) {
        // Nothing of a partition this instance no longer owns may be written after this point.
        buffer.discard(partitions);
        partitions.forEach(positions::remove);
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

    private void logSummaryIfDue() {
        long now = System.nanoTime();
        if (now - lastSummaryNanos < SUMMARY_INTERVAL_NANOS) {
            return;
        }
        long landed = rowsLanded.get();
        if (landed != landedAtLastSummary) {
            log.info("Landed {} rows in the last {} s ({} in all, {} records rejected)", landed - landedAtLastSummary,
                    (now - lastSummaryNanos) / 1_000_000_000, landed, recordsRejected.get());
        }
        landedAtLastSummary = landed;
        lastSummaryNanos = now;
    }

    private static HikariDataSource createDataSource(SinkSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.dbUser());
        config.setPassword(settings.dbPassword());
        config.setMaximumPoolSize(3);
        config.setPoolName("ecomstream-sink");
        // Start even while PostgreSQL is down; batches wait and retry until it is back.
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    private static Properties consumerProperties(SinkSettings settings) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, settings.consumerGroup());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, settings.startFromBeginning() ? "earliest" : "latest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "ecomstream-sink");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.putAll(settings.kafkaProperties());
        return properties;
    }
}
