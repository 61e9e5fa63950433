package dev.ecomstream.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.ecomstream.dashboard.RequestParameters.IntParameter;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON endpoint: reads a panel's data and writes it as JSON. GET (and HEAD) only.
 *
 * <p>Answers 400 with {@code {"error": ...}} for a bad parameter (an unknown name too: see
 * {@link RequestParameters}), 503 when the database failed (it may be
 * restarting: the page keeps its last figures and tries again), 500 for anything unexpected. Responses
 * are never cached: each refresh must see the database as it is now.
 */
final class JsonEndpoint implements HttpHandler {

    /** Reads one panel's data for a request. */
    @FunctionalInterface
    interface Panel {
        Object read(RequestParameters parameters) throws SQLException;
    }

    private static final Logger log = LoggerFactory.getLogger(JsonEndpoint.class);

    private final String path;
    private final ObjectMapper mapper;
    private final List<IntParameter> parameters;
    private final Panel panel;

    /** @param parameters the only query parameters the endpoint takes */
    JsonEndpoint(String path, ObjectMapper mapper, List<IntParameter> parameters, Panel panel) {
        this.path = path;
        this.mapper = mapper;
        this.parameters = List.copyOf(parameters);
        this.panel = panel;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, Map.of("error", path + " answers GET only, not " + method));
                return;
            }
            // the server routes by prefix: /api/sales/anything is not this endpoint
            if (!exchange.getRequestURI().getPath().equals(path)) {
                respond(exchange, 404, Map.of("error", "No endpoint " + exchange.getRequestURI().getPath()));
                return;
            }
            Object body;
            try {
                body = panel.read(RequestParameters.of(exchange.getRequestURI(), parameters));
            } catch (IllegalArgumentException e) {
                respond(exchange, 400, Map.of("error", e.getMessage()));
                return;
            } catch (SQLException e) {
                // expected while PostgreSQL restarts: one line, no stack trace
                log.warn("{} failed: {} (SQLState {})", path, e.getMessage(), e.getSQLState());
                // the database's own text stays in the log: it can name tables, users and hosts
                respond(exchange, 503, Map.of("error", "The database did not answer; the dashboard's log says why"));
                return;
            } catch (RuntimeException e) {
                log.error("{} failed unexpectedly", path, e);
                respond(exchange, 500, Map.of("error", "Unexpected error; the dashboard's log says what"));
                return;
            }
            respond(exchange, 200, body);
        }
    }

    private void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] json = mapper.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : json.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(json);
            }
        }
    }
}
