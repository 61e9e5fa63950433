package dev.ecomstream.producers.publish;

import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A progress bar on stderr (stdout stays clean for pipes): the share of the file's bytes read, with the
 * time left estimated from it, and rows so far with rows per second.
 */
final class TerminalProgressBar implements ProgressReporter {

    private static final long REFRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final int BYTES_PER_KIB = 1024;

    private final ProgressBar bar;
    private final long started = System.nanoTime();
    private long nextRefresh;

    TerminalProgressBar(String task, long fileSize) {
        this.bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(Math.max(1, fileSize / BYTES_PER_KIB))
                .setUnit(" KiB", 1)
                .setUpdateIntervalMillis((int) TimeUnit.NANOSECONDS.toMillis(REFRESH_NANOS))
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
    }

    @Override
    public void update(long rowsRead, long bytesRead) {
        long now = System.nanoTime();
        if (now < nextRefresh) {
            return;
        }
        nextRefresh = now + REFRESH_NANOS;
        show(rowsRead, bytesRead, now);
    }

    private void show(long rowsRead, long bytesRead, long now) {
        double seconds = (now - started) / 1e9;
        bar.stepTo(Math.min(bar.getMax(), bytesRead / BYTES_PER_KIB));
        bar.setExtraMessage(String.format(" %,d rows, %,.0f rows/s", rowsRead, seconds > 0 ? rowsRead / seconds : 0));
    }

    /** The bar reaches 100 % only when the whole file was read, not when --limit stopped early. */
    @Override
    public void finish(long rowsRead, long bytesRead) {
        show(rowsRead, bytesRead, System.nanoTime());
    }

    @Override
    public void close() {
        bar.close();
    }
}
