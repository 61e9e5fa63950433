package dev.ecomstream.sink.ops;

import dev.ecomstream.schema.Entity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;

/**
 * The sink's Prometheus metrics. Counters are per entity and registered up front, so a scrape shows every
 * consumed entity at 0 before its first row; lag gauges come and go with partition assignment.
 *
 * <p>Names as scraped: {@code sink_rows_landed_total{entity}}, {@code sink_records_rejected_total{entity}},
 * {@code sink_batch_rows}, {@code sink_batch_duration_seconds}, {@code sink_consumer_lag{topic,partition}},
 * {@code sink_seconds_since_last_commit}, {@code sink_batches_fenced_total}, {@code sink_batch_retries_total},
 * {@code sink_buffered_records}, {@code sink_consumption_paused}, plus JVM memory and GC.
 */
public final class SinkMetrics implements AutoCloseable {

    /** Rejections of records whose topic maps to no entity are counted under this tag value. */
    public static final String UNKNOWN_ENTITY = "unknown";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<Entity, Counter> landed = new EnumMap<>(Entity.class);
    private final Map<Entity, Counter> rejected = new EnumMap<>(Entity.class);
    private final Counter rejectedUnknown;
    private final DistributionSummary batchRows;
    private final Timer batchDuration;
    private final Counter fenced;
    private final Counter retries;
    private final Counter gapsAccepted;
    private final Counter gapRecordsSkipped;
    private final Map<TopicPartition, Lag> lags = new ConcurrentHashMap<>();
    private final AtomicLong bufferedRecords = new AtomicLong();
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    public SinkMetrics(Collection<Entity> entities, SinkHealth health, Instant startedAt) {
        for (Entity entity : entities) {
            landed.put(entity, Counter.builder("sink.rows.landed").tag("entity", entity.entityName())
                    .description("Rows committed to the entity's staging table").register(registry));
            rejected.put(entity, rejectedCounter(entity.entityName()));
        }
        rejectedUnknown = rejectedCounter(UNKNOWN_ENTITY);
        batchRows = DistributionSummary.builder("sink.batch.rows").description("Records per committed batch")
                .register(registry);
        batchDuration = Timer.builder("sink.batch.duration")
                .description("Time to write and commit a batch, retries included").register(registry);
        fenced = Counter.builder("sink.batches.fenced")
                .description("Batches refused by the offset compare-and-set: another instance owned a partition")
                .register(registry);
        retries = Counter.builder("sink.batch.retries")
                .description("Batch attempts that failed on a transient database error and were retried")
                .register(registry);
        gapsAccepted = Counter.builder("sink.offset.gaps.accepted")
                .description("Offset gaps accepted with --accept-offset-gaps (see staging.sink_offset_gaps)")
                .register(registry);
        gapRecordsSkipped = Counter.builder("sink.offset.gap.records.skipped")
                .description("Records never read because an accepted offset gap skipped them").register(registry);
        Gauge.builder("sink.partitions.stopped", health, SinkHealth::stoppedPartitions)
                .description("Partitions stopped because their stored offset is outside the log").register(registry);
        Gauge.builder("sink.seconds.since.last.commit", health, h -> h.secondsSinceLastCommit(startedAt))
                .description("Seconds since the last batch committed (since start when none has)")
                .register(registry);
        Gauge.builder("sink.buffered.records", bufferedRecords, AtomicLong::get)
                .description("Records read from Kafka and not yet committed").register(registry);
        Gauge.builder("sink.consumption.paused", health, h -> h.consumptionPaused() ? 1 : 0)
                .description("1 while consumption is paused because the database is unavailable").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
    }

    private Counter rejectedCounter(String entityName) {
        return Counter.builder("sink.records.rejected").tag("entity", entityName)
                .description("Records written to staging.rejected_records").register(registry);
    }

    public void batchCommitted(Map<Entity, Integer> landedByEntity, Map<Entity, Integer> rejectedByEntity,
                               int unknownRejected, int records, Duration took) {
        landedByEntity.forEach((entity, rows) -> counter(landed, entity).increment(rows));
        rejectedByEntity.forEach((entity, rows) -> counter(rejected, entity).increment(rows));
        if (unknownRejected > 0) {
            rejectedUnknown.increment(unknownRejected);
        }
        batchRows.record(records);
        batchDuration.record(took);
    }

    private Counter counter(Map<Entity, Counter> counters, Entity entity) {
        // Only entities the sink consumes produce rows; an entity outside that set would be a wiring bug.
        Counter counter = counters.get(entity);
        if (counter == null) {
            throw new IllegalStateException("no counter for entity " + entity);
        }
        return counter;
    }

    public void batchFenced() {
        fenced.increment();
    }

    public void gapAccepted(long recordsSkipped) {
        gapsAccepted.increment();
        gapRecordsSkipped.increment(recordsSkipped);
    }

    public void batchRetried() {
        retries.increment();
    }

    public void bufferedRecords(long count) {
        bufferedRecords.set(count);
    }

    public double landedRows(Entity entity) {
        Counter counter = landed.get(entity);
        return counter == null ? 0 : counter.count();
    }

    /** Sets a partition's lag (records in Kafka not yet committed to PostgreSQL), registering its gauge. */
    public void lag(TopicPartition partition, long records) {
        lags.computeIfAbsent(partition, this::registerLag).value.set(records);
    }

    private Lag registerLag(TopicPartition partition) {
        AtomicLong value = new AtomicLong(-1);
        Gauge gauge = Gauge.builder("sink.consumer.lag", value, v -> v.get() < 0 ? Double.NaN : v.get())
                .tags(Tags.of("topic", partition.topic(), "partition", Integer.toString(partition.partition())))
                .description("Records in the partition not yet landed (NaN until known)")
                .register(registry);
        return new Lag(gauge, value);
    }

    /** Drops the lag gauges of partitions this instance no longer owns; their new owner reports them. */
    public void forgetPartitions(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            Lag lag = lags.remove(partition);
            if (lag != null) {
                registry.remove(lag.gauge);
            }
        }
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }

    private record Lag(Meter gauge, AtomicLong value) {
    }
}
