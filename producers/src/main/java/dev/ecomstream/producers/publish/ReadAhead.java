package dev.ecomstream.producers.publish;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

/**
 * Runs an iterator and a mapping function on a thread of its own, a few chunks ahead of the consumer, in
 * order. Reading and converting CSV rows costs more than handing records to Kafka, so on a machine with
 * two or more cores the two halves overlap instead of taking turns. Whatever the source or the function
 * throws is thrown by {@link #next()} at the point where it happened, after every item before it.
 *
 * @param <S> the source's items
 * @param <T> the mapped items
 */
final class ReadAhead<S, T> implements Iterator<T>, AutoCloseable {

    private static final int CHUNK_SIZE = 256;
    private static final int CHUNKS_AHEAD = 16;

    /** One element of the queue: a chunk of items, the failure that ended the source, or its end. */
    private record Chunk<T>(List<T> items, RuntimeException failure, boolean last) {
    }

    private final BlockingQueue<Chunk<T>> queue = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
    private final Thread worker;
    private Iterator<T> current = List.<T>of().iterator();
    private boolean finished;
    private volatile boolean closed;

    private ReadAhead(Iterator<S> source, Function<S, T> mapping, String name) {
        this.worker = new Thread(() -> produce(source, mapping), name);
        worker.setDaemon(true);
    }

    static <S, T> ReadAhead<S, T> start(Iterator<S> source, Function<S, T> mapping, String name) {
        ReadAhead<S, T> readAhead = new ReadAhead<>(source, mapping, name);
        readAhead.worker.start();
        return readAhead;
    }

    private void produce(Iterator<S> source, Function<S, T> mapping) {
        try {
            List<T> chunk = new ArrayList<>(CHUNK_SIZE);
            try {
                while (!closed && source.hasNext()) {
                    chunk.add(mapping.apply(source.next()));
                    if (chunk.size() == CHUNK_SIZE) {
                        queue.put(new Chunk<>(chunk, null, false));
                        chunk = new ArrayList<>(CHUNK_SIZE);
                    }
                }
                queue.put(new Chunk<>(chunk, null, true));
            } catch (RuntimeException failure) {
                queue.put(new Chunk<>(chunk, failure, true));
            }
        } catch (InterruptedException e) {
            // closed by the consumer: nobody waits for the rest
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean hasNext() {
        while (!current.hasNext()) {
            if (finished) {
                return false;
            }
            Chunk<T> chunk;
            try {
                chunk = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the next rows", e);
            }
            current = chunk.items().iterator();
            if (chunk.last()) {
                finished = true;
                if (chunk.failure() != null) {
                    // the rows before the failure first, then the failure
                    current = withFailureAtEnd(chunk.items(), chunk.failure());
                }
            }
        }
        return true;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }

    /** Stops reading ahead; the source is not read any further. */
    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        queue.clear();
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static <T> Iterator<T> withFailureAtEnd(List<T> items, RuntimeException failure) {
        Iterator<T> delegate = items.iterator();
        return new Iterator<>() {
            private boolean thrown;

            @Override
            public boolean hasNext() {
                return delegate.hasNext() || !thrown;
            }

            @Override
            public T next() {
                if (delegate.hasNext()) {
                    return delegate.next();
                }
                thrown = true;
                throw failure;
            }
        };
    }
}
