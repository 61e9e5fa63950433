package dev.ecomstream.generator.output;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One thread that formats and writes batches of rows for all files, so CSV quoting, UTF-8 encoding and I/O
 * run beside row generation (machines here have two cores). A single thread taking tasks in order keeps
 * each file's rows in the order they were generated, so the bytes stay deterministic. The queue is bounded,
 * which keeps memory flat: a generator that gets ahead waits.
 */
final class BackgroundWriter implements Closeable {

    /** Work for the writer thread; it may fail with an I/O error, reported on the next submit or close. */
    interface WriteTask {
        void run() throws IOException;
    }

    private static final int QUEUED_BATCHES = 32;
    private static final WriteTask STOP = () -> { };

    private final BlockingQueue<WriteTask> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    private final Thread thread;
    private volatile IOException failure;

    BackgroundWriter() {
        thread = new Thread(this::drain, "csv-writer");
        thread.setDaemon(true);
        thread.start();
    }

    void submit(WriteTask task) throws IOException {
        rethrowFailure();
        try {
            queue.put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while queueing rows to write");
        }
    }

    private void drain() {
        try {
            for (WriteTask task = queue.take(); task != STOP; task = queue.take()) {
                if (failure == null) {
                    try {
                        task.run();
                    } catch (IOException e) {
                        // keep taking tasks so the generator never blocks on a full queue
                        failure = e;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until every submitted task ran, then reports the first I/O error if there was one. */
    @Override
    public void close() throws IOException {
        submit(STOP);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the CSV files to be written");
        }
        rethrowFailure();
    }

    private void rethrowFailure() throws IOException {
        if (failure != null) {
            throw failure;
        }
    }
}
