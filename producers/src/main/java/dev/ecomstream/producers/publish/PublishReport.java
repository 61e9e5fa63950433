package dev.ecomstream.producers.publish;

import dev.ecomstream.schema.Entity;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The outcome of publishing one file. Rows read always equal rows published plus rows rejected.
 *
 * @param rowsPublished rows sent and acknowledged; in a dry run, the rows that would have been sent
 * @param rejectsFile   where rejected rows were written, or null when none were
 * @param dryRun        nothing was sent
 */
public record PublishReport(Entity entity, Path file, String topic, long rowsRead, long rowsPublished,
                            long rowsRejected, Duration elapsed, Path rejectsFile, boolean dryRun) {

    public PublishReport {
        if (rowsRead != rowsPublished + rowsRejected) {
            throw new IllegalStateException(String.format(
                    "%s: counts do not reconcile: read %d, published %d, rejected %d",
                    file, rowsRead, rowsPublished, rowsRejected));
        }
    }

    public double rowsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds > 0 ? rowsRead / seconds : 0;
    }

    public String summary() {
        String published = dryRun ? String.format("%d valid (dry run: nothing sent to %s)", rowsPublished, topic)
                : String.format("published %d to %s", rowsPublished, topic);
        return String.format("%s: read %d rows from %s, %s, rejected %d%s in %.1f s (%.0f rows/s)",
                entity.entityName(), rowsRead, file, published, rowsRejected,
                rejectsFile != null ? " (see " + rejectsFile + ")" : "",
                elapsed.toNanos() / 1e9, rowsPerSecond());
    }
}
