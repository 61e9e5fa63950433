package dev.ecomstream.dashboard;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Every response says {@code X-Content-Type-Options: nosniff}. A dashboard bound to a loopback address also
 * answers only requests addressed to a loopback name: a page on another site that points its own host name at
 * 127.0.0.1 (DNS rebinding) would otherwise read the dashboard's data from the visitor's browser. Such a
 * request gets 421 Misdirected Request.
 */
final class LocalHostOnly extends Filter {

    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final boolean boundToLoopback;

    LocalHostOnly(String bindAddress) throws IOException {
        this.boundToLoopback = InetAddress.getByName(bindAddress).isLoopbackAddress();
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (boundToLoopback && !isLoopbackName(exchange.getRequestHeaders().getFirst("Host"))) {
            byte[] message = ("This dashboard answers requests to localhost only, not to host '"
                    + exchange.getRequestHeaders().getFirst("Host") + "'\n").getBytes(StandardCharsets.UTF_8);
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                exchange.sendResponseHeaders(421, message.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(message);
                }
            }
            return;
        }
        chain.doFilter(exchange);
    }

    /** The host part of a Host header ({@code name}, {@code name:port}, {@code [v6]:port}) is a loopback name. */
    static boolean isLoopbackName(String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        if (colon > host.lastIndexOf(']') && host.indexOf(':') == colon) {
            host = host.substring(0, colon);
        } else if (host.startsWith("[") && colon > host.lastIndexOf(']')) {
            host = host.substring(0, colon);
        }
        return LOOPBACK_NAMES.contains(host);
    }

    @Override
    public String description() {
        return "nosniff, and loopback Host names only on a loopback address";
    }
}
