package dev.ecomstream.producers.publish;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Progress as a plain INFO line every few seconds, for runs whose output is a file or a log collector. */
final class LogProgressReporter implements ProgressReporter {

    private static final Logger log = LoggerFactory.getLogger(LogProgressReporter.class);
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String task;
    private final Path file;
    private final long fileSize;
    private final long started = System.nanoTime();
    private long nextLine = started + INTERVAL_NANOS;

    LogProgressReporter(String task, Path file, long fileSize) {
        this.task = task;
        this.file = file;
        this.fileSize = fileSize;
    }

    @Override
    public void update(long rowsRead, long bytesRead) {
        long now = System.nanoTime();
        if (now < nextLine) {
            return;
        }
        nextLine = now + INTERVAL_NANOS;
        double seconds = (now - started) / 1e9;
        double share = fileSize > 0 ? Math.min(1.0, (double) bytesRead / fileSize) : 0;
        String left = share > 0 && share < 1 ? String.format(", about %.0f s left", seconds / share - seconds) : "";
        log.info("{}: {} rows of {} read ({}% of the bytes, {} rows/s{})", task, rowsRead, file.getFileName(),
                Math.round(share * 100), Math.round(rowsRead / seconds), left);
    }

    @Override
    public void close() {
        // the publisher's summary line follows; repeating the count here would add nothing
    }
}
