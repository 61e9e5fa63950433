package dev.ecomstream.sink;

import dev.ecomstream.sink.ops.SinkHealth;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The INFO line an operator reads: every 5 s while rows flow or lag remains, once a minute when idle, never
 * per batch or per record.
 */
final class SummaryLog {

    private static final Logger log = LoggerFactory.getLogger(SinkService.class);
    private static final long INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();
    private static final long IDLE_INTERVAL_NANOS = Duration.ofSeconds(60).toNanos();

    private final SinkHealth health;
    private long lastNanos = System.nanoTime();
    private long landedBefore;
    private long rejectedBefore;

    SummaryLog(SinkHealth health) {
        this.health = health;
    }

    void logIfDue(long nowNanos, long landed, long rejected, long totalLag, int partitions) {
        long elapsed = nowNanos - lastNanos;
        boolean busy = landed != landedBefore || rejected != rejectedBefore || totalLag > 0;
        if (elapsed < INTERVAL_NANOS || (!busy && elapsed < IDLE_INTERVAL_NANOS)) {
            return;
        }
        double seconds = elapsed / 1e9;
        log.info("Landed {} rows ({} rows/s), rejected {} in the last {} s; {} landed and {} rejected in all; "
                        + "{} partition(s), lag {} records{}{}", landed - landedBefore,
                Math.round((landed - landedBefore) / seconds), rejected - rejectedBefore, Math.round(seconds), landed,
                rejected, partitions, totalLag, health.databaseReachable() ? "" : ", PostgreSQL unreachable",
                health.kafkaReachable() ? "" : ", Kafka unreachable");
        landedBefore = landed;
        rejectedBefore = rejected;
        lastNanos = nowNanos;
    }
}
