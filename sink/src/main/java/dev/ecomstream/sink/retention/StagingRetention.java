package dev.ecomstream.sink.retention;

import dev.ecomstream.schema.StagingPartitions;
import dev.ecomstream.schema.StagingPartitions.CreatedPartition;
import dev.ecomstream.schema.StagingPartitions.ExpiredPartition;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps staging bounded on disk, on a thread of its own (dropping waits for a normaliser run to end, and the poll
 * loop must not): once at start and then every {@code interval}, it creates the day partitions ahead of the rows
 * and drops the days older than the retention window whose rows core holds. Several instances may do it at once;
 * the SQL functions take turns. A failure is logged and the next round tries again.
 */
public final class StagingRetention implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StagingRetention.class);
    private static final long MEGABYTE = 1024L * 1024L;

    private final StagingPartitions partitions;
    private final Duration retention;
    private final Duration interval;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "ecomstream-staging-retention");
        thread.setDaemon(true);
        return thread;
    });

    /** @param retention zero keeps every staging row (partitions are still created ahead) */
    public StagingRetention(StagingPartitions partitions, Duration retention, Duration interval) {
        this.partitions = partitions;
        this.retention = retention;
        this.interval = interval;
    }

    /** Runs a first round now and then one every interval, until {@link #close()}. */
    public void start() {
        executor.scheduleWithFixedDelay(this::runOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One round: partitions ahead, then expired days. Never throws. */
    void runOnce() {
        try {
            for (CreatedPartition created : partitions.createAhead()) {
                log.info("Created staging partition {}{}", created.partition(), created.rowsMoved() == 0 ? ""
                        : " and moved its " + created.rowsMoved() + " rows out of the DEFAULT partition");
            }
            if (retention.isZero()) {
                return;
            }
            List<ExpiredPartition> expired = partitions.dropExpired(retention);
            for (ExpiredPartition partition : expired) {
                if (partition.dropped()) {
                    log.info("Dropped staging partition {}: {} rows landed before {}, {} MB, older than the {}-day "
                                    + "retention and all in core", partition.partition(), partition.rows(),
                            partition.rangeEnd(), String.format("%.1f", (double) partition.bytes() / MEGABYTE),
                            retention.toDays());
                }
            }
            List<ExpiredPartition> kept = expired.stream().filter(partition -> !partition.dropped()).toList();
            if (!kept.isEmpty()) {
                log.info("Kept {} staging partition(s) past the {}-day retention: {}", kept.size(), retention.toDays(),
                        kept.stream().map(partition -> partition.partition() + " (" + partition.keptBecause() + ")")
                                .collect(Collectors.joining(", ")));
            }
        } catch (RuntimeException e) {
            log.warn("Staging retention failed, will try again in {} min: {}", interval.toMinutes(), e.getMessage());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
