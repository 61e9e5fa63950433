package dev.ecomstream.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * The page and its assets, served from the jar: the HTML, script and style sheet of this module, and
 * Chart.js from its WebJar (a Maven Central artifact). Nothing is fetched from elsewhere at run time, so
 * the page works offline and behind a firewall. Read once at start: a missing file fails the start, not
 * a page load.
 */
final class StaticAssets implements HttpHandler {

    private record Asset(byte[] content, String contentType, String cacheControl) {
    }

    private static final String WEB = "dev/ecomstream/dashboard/web/";
    private static final String BUILD_PROPERTIES = "dev/ecomstream/dashboard/dashboard-build.properties";
    /* our own files change with every build: revalidate; the library's path carries no version, same */
    private static final String NO_CACHE = "no-cache";

    private final Map<String, Asset> assets;

    private StaticAssets(Map<String, Asset> assets) {
        this.assets = assets;
    }

    static StaticAssets load() {
        String chartJs = "META-INF/resources/webjars/chart.js/" + chartJsVersion() + "/dist/chart.umd.min.js";
        return new StaticAssets(Map.of(
                "/", new Asset(read(WEB + "index.html"), "text/html; charset=utf-8", NO_CACHE),
                "/dashboard.js", new Asset(read(WEB + "dashboard.js"), "text/javascript; charset=utf-8", NO_CACHE),
                "/dashboard.css", new Asset(read(WEB + "dashboard.css"), "text/css; charset=utf-8", NO_CACHE),
                "/assets/chart.umd.min.js", new Asset(withoutSourceMap(read(chartJs)),
                        "text/javascript; charset=utf-8", NO_CACHE)));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Asset asset = assets.get(exchange.getRequestURI().getPath());
            if (asset == null) {
                byte[] message = ("Not found: " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                exchange.sendResponseHeaders(404, message.length);
                exchange.getResponseBody().write(message);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", asset.contentType());
            exchange.getResponseHeaders().set("Cache-Control", asset.cacheControl());
            // the page only talks to this server; a stray <script src="https://..."> would be refused
            exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:");
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(200, head ? -1 : asset.content().length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(asset.content());
                }
            }
        }
    }

    private static String chartJsVersion() {
        Properties properties = new Properties();
        try (InputStream in = resource(BUILD_PROPERTIES)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("chartjs.version");
    }

    /*
     * The minified library ends with a sourceMappingURL comment; the map is not served (1 MB the page does
     * not need), and a browser with its developer tools open would otherwise log a failed request.
     */
    private static byte[] withoutSourceMap(byte[] script) {
        String text = new String(script, StandardCharsets.UTF_8);
        return text.replaceAll("(?m)^//# sourceMappingURL=.*$", "").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] read(String name) {
        try (InputStream in = resource(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + name + " from the classpath", e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("The dashboard's file " + name + " is not on the classpath; "
                    + "was the jar built by Maven (it adds Chart.js from its WebJar)?");
        }
        return in;
    }
}
