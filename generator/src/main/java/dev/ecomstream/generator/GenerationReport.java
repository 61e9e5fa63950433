package dev.ecomstream.generator;

import dev.ecomstream.schema.Entity;
import java.time.Duration;
import java.util.Map;

/**
 * What a run wrote and how fast.
 *
 * @param rows    data rows per written file (headers not counted)
 * @param bytes   size of the written CSV files
 * @param badRows rows damaged on purpose, listed in the manifest
 */
public record GenerationReport(Map<Entity, Long> rows, long bytes, long badRows, Duration elapsed) {

    public double megabytesPerSecond() {
        double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
        return bytes / 1e6 / seconds;
    }

    public long totalRows() {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }
}
