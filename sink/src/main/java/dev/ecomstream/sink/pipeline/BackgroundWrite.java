package dev.ecomstream.sink.pipeline;

import dev.ecomstream.sink.write.BatchBuffer.Batch;
import dev.ecomstream.sink.write.StagingBatchWriter;
import dev.ecomstream.sink.write.StagingBatchWriter.BatchOutcome;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * At most one batch being written on a background thread while the poll thread reads and decodes the next:
 * PostgreSQL's work on one batch and the sink's work on the next overlap, which on two cores is most of the
 * difference between the sink and a plain COPY. Only the first attempt runs here; the pipeline settles the
 * outcome (and retries a failed batch itself) on the poll thread, in order, before submitting the next batch.
 */
final class BackgroundWrite implements AutoCloseable {

    /** How a submitted batch ended: an outcome, or the failure it threw (SQLException, fence, other). */
    record Settled(Batch batch, BatchOutcome outcome, Throwable failure, Duration took) {
    }

    private final StagingBatchWriter writer;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread writerThread = new Thread(runnable, "sink-writer");
        writerThread.setDaemon(true);
        return writerThread;
    });
    private Future<BatchOutcome> running;
    private Batch batch;
    private long startedNanos;

    BackgroundWrite(StagingBatchWriter writer) {
        this.writer = writer;
    }

    /** @throws IllegalStateException when a batch is still being written (settle it first) */
    void submit(Batch next) {
        if (running != null) {
            throw new IllegalStateException("a batch is still being written");
        }
        batch = next;
        startedNanos = System.nanoTime();
        running = thread.submit(() -> writer.write(next));
    }

    boolean isDone() {
        return running != null && running.isDone();
    }

    /** Records of the batch being written, for the buffered-records gauge. */
    int records() {
        return batch == null ? 0 : batch.records().size();
    }

    /** Waits for the batch being written (if any) and returns how it ended; null when none was. */
    Settled await() {
        if (running == null) {
            return null;
        }
        Future<BatchOutcome> future = running;
        Batch written = batch;
        running = null;
        batch = null;
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    BatchOutcome outcome = future.get();
                    return new Settled(written, outcome, null, Duration.ofNanos(System.nanoTime() - startedNanos));
                } catch (ExecutionException e) {
                    return new Settled(written, null, e.getCause(), Duration.ofNanos(System.nanoTime() - startedNanos));
                } catch (InterruptedException e) {
                    // the write cannot be abandoned half-way; finish waiting, then restore the flag
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
