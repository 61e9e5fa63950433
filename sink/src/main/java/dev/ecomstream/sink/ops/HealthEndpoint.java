package dev.ecomstream.sink.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Instant;

/**
 * {@code GET /health}: 200 when the sink is ready (partitions assigned, Kafka and PostgreSQL reachable), 503
 * otherwise, with a JSON body saying which part is missing, so a load balancer or Kubernetes probe can act on
 * the code and a person on the body. {@code GET /health/live} is 200 while the process serves at all.
 */
final class HealthEndpoint implements HttpHandler {

    private final SinkHealth health;
    private final Instant startedAt;

    HealthEndpoint(SinkHealth health, Instant startedAt) {
        this.health = health;
        this.startedAt = startedAt;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/health/live")) {
                HttpResponses.send(exchange, 200, "application/json", "{\"status\":\"live\"}");
            } else if (path.equals("/health") || path.equals("/health/")) {
                HttpResponses.send(exchange, health.isReady() ? 200 : 503, "application/json",
                        health.toJson(startedAt));
            } else {
                HttpResponses.send(exchange, 404, "text/plain", "not found: try /health or /health/live");
            }
        }
    }
}
