package dev.ecomstream.sink.ops;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's HTTP side: {@code /health} and {@code /metrics}, served by the JDK's own HTTP server on one
 * daemon thread, apart from the poll loop so a scrape never slows a batch and a stuck batch never hides the
 * health report.
 */
public final class OperationsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OperationsServer.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private OperationsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving.
     *
     * @param port 0 for any free port ({@link #port()} tells which)
     * @throws UncheckedIOException when the address cannot be bound; the message names it
     */
    public static OperationsServer start(String address, int port, SinkHealth health, SinkMetrics metrics,
                                         Instant startedAt) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve /health and /metrics on " + address + ":" + port + ": "
                    + e.getMessage() + "; choose another --http-port (or -1 to turn them off)", e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sink-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/health", new HealthEndpoint(health, startedAt));
        server.createContext("/metrics", new MetricsEndpoint(metrics));
        server.start();
        OperationsServer started = new OperationsServer(server, executor);
        log.info("Serving /health and /metrics on http://{}:{}", address, started.port());
        return started;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
