package dev.ecomstream.sink;

import dev.ecomstream.sink.failure.SinkFailedException;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A sink service on its own thread; remembers how {@link SinkService#run()} ended. Stopped on close. */
final class InProcessSink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InProcessSink.class);

    private final SinkService service;
    private final Thread thread;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile Throwable failure;

    InProcessSink(SinkSettings settings) {
        this.service = new SinkService(settings);
        this.thread = new Thread(() -> {
            try {
                service.run();
            } catch (Throwable t) {
                // A test waiting for rows would otherwise only time out: say at once why the sink ended.
                if (t instanceof SinkFailedException) {
                    log.error("The sink under test stopped: {}", t.getMessage());
                } else {
                    log.error("The sink under test failed unexpectedly", t);
                }
                failure = t;
            } finally {
                ended.countDown();
            }
        }, "sink-under-test");
        thread.start();
    }

    static InProcessSink start(SinkArgs args) {
        return new InProcessSink(args.settings());
    }

    SinkService service() {
        return service;
    }

    /** Waits for run() to end by itself and returns what it threw. */
    Throwable awaitFailure(Duration timeout) throws InterruptedException {
        assertThat(ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("sink ended by itself").isTrue();
        assertThat(failure).as("sink failure").isNotNull();
        return failure;
    }

    @Override
    public void close() {
        assertThat(service.stopAndAwait(Duration.ofSeconds(30))).as("sink stopped within 30 s").isTrue();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null && !(failure instanceof SinkFailedException)) {
            throw new AssertionError("the sink failed", failure);
        }
    }
}
