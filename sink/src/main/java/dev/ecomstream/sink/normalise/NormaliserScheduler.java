package dev.ecomstream.sink.normalise;

import dev.ecomstream.schema.normalise.NormaliserRun;
import dev.ecomstream.schema.normalise.NormaliserRunner;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the normaliser after batch commits, at most once per interval, on a thread of its own so the poll
 * loop never waits for it. Across instances the normaliser's advisory lock lets one run at a time; an
 * instance that finds it busy skips its turn.
 */
public final class NormaliserScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NormaliserScheduler.class);

    private final NormaliserRunner runner;
    private final long intervalNanos;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "ecomstream-normaliser");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean newRowsSinceLastRun;
    private long lastStartNanos = System.nanoTime();

    public NormaliserScheduler(DataSource dataSource, Duration interval) {
        this.runner = new NormaliserRunner(dataSource);
        this.intervalNanos = interval.toNanos();
    }

    /** Called by the poll loop after each committed batch, and on idle polls; cheap when not due. */
    public void afterCommit(boolean landedRows) {
        if (landedRows) {
            newRowsSinceLastRun = true;
        }
        poll();
    }

    /** Starts a run when rows landed since the last one and the interval has passed. */
    public void poll() {
        long now = System.nanoTime();
        if (!newRowsSinceLastRun || now - lastStartNanos < intervalNanos || !running.compareAndSet(false, true)) {
            return;
        }
        lastStartNanos = now;
        newRowsSinceLastRun = false;
        executor.execute(this::runOnce);
    }

    private void runOnce() {
        try {
            NormaliserRun run = runner.runIfIdle();
            if (!run.ran()) {
                newRowsSinceLastRun = true;
            } else if (run.deferred() > 0) {
                // Rows of transactions still open at the run's snapshot: the next run takes them.
                newRowsSinceLastRun = true;
            }
            if (run.ran()) {
                log.debug("Normaliser run: {} inserted, {} updated, {} pending, {} deferred in {} ms",
                        run.inserted(), run.updated(), run.pending(), run.deferred(), run.elapsed().toMillis());
            }
        } catch (RuntimeException e) {
            newRowsSinceLastRun = true;
            log.warn("Normaliser run failed, will retry at the next interval: {}", e.getMessage());
        } finally {
            running.set(false);
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
