package dev.ecomstream.sink.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/** {@code GET /metrics}: every metric in the Prometheus text format. */
final class MetricsEndpoint implements HttpHandler {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final SinkMetrics metrics;

    MetricsEndpoint(SinkMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            HttpResponses.send(exchange, 200, PROMETHEUS_TEXT, metrics.scrape());
        }
    }
}
