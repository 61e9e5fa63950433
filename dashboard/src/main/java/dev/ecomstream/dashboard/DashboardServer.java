package dev.ecomstream.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.ecomstream.dashboard.Panels.Config;
import dev.ecomstream.dashboard.RequestParameters.IntParameter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live dashboard: an HTTP server (the JDK's) with the page, its assets and one JSON endpoint per panel.
 *
 * <pre>{@code
 * DashboardServer dashboard = new DashboardServer(DashboardOptions.defaults().withClock(DashboardClock.DATA));
 * URI url = dashboard.start(dataSource, bootstrapServersOrNull, 0);   // 0: any free port
 * System.out.println("Dashboard: " + url);
 * ...
 * dashboard.stop();
 * }</pre>
 *
 * <p>It only reads, and only the published views: the mart for the business panels, the ops views (V015) for
 * the pipeline's, so a login in the ecomstream_monitor role is all it needs. It runs no
 * migration and holds no connection between requests; the caller owns the data source (give it a pool
 * for a long-running server). Endpoints are listed in the README ("Live dashboard").
 */
public final class DashboardServer {

    private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);
    /* a few: each browser tab asks for every panel at once, and a slow broker must not hold the others */
    private static final int HTTP_THREADS = 4;
    /* a year: the sample data holds a few orders a month; the cost of a window follows the rows in it */
    private static final IntParameter MINUTES = new IntParameter("minutes", 60, 1, 366 * 24 * 60);
    private static final IntParameter HOURS = new IntParameter("hours", 3, 1, 24);
    private static final IntParameter LIMIT = new IntParameter("limit", 10, 1, 100);
    private static final IntParameter LANDED_SECONDS = new IntParameter("seconds", 60, 1, 3600);
    /* the samples of the lag and of freshness are kept as long (PipelineHistory.KEPT) */
    private static final IntParameter TREND_MINUTES =
            new IntParameter("minutes", 60, 1, (int) PipelineHistory.KEPT.toMinutes());

    private final DashboardOptions options;
    private final ObjectMapper mapper = new ObjectMapper();
    private HttpServer server;
    private ExecutorService executor;
    private ConsumerLag consumerLag;
    private URI url;
    /** On every context: see {@link LocalHostOnly}. */
    private LocalHostOnly hostCheck;

    /** A dashboard with the {@link DashboardOptions#defaults() default options} (wall clock). */
    public DashboardServer() {
        this(DashboardOptions.defaults());
    }

    public DashboardServer(DashboardOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Starts serving and returns the page's URL.
     *
     * @param dataSource       the ecomstream database (migrated by the sink or the normalise command)
     * @param bootstrapServers Kafka's bootstrap servers, for the consumer lag; null to leave it out
     * @param port             the port to listen on; 0 for any free port
     * @throws UncheckedIOException if the port cannot be bound
     * @throws IllegalStateException if already started
     */
    public synchronized URI start(DataSource dataSource, String bootstrapServers, int port) {
        if (server != null) {
            throw new IllegalStateException("The dashboard is already serving at " + url);
        }
        StaticAssets assets = StaticAssets.load();
        ConsumerLag lag = bootstrapServers == null || bootstrapServers.isBlank()
                ? null : ConsumerLag.connect(bootstrapServers, options.kafkaProperties());
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(options.bindAddress(), port), 0);
        } catch (IOException e) {
            if (lag != null) {
                lag.close();
            }
            throw new UncheckedIOException("Could not listen on " + options.bindAddress() + ":" + port + ": "
                    + e.getMessage() + "; choose another --port, or 0 for any free one", e);
        }
        PanelQueries panels = new PanelQueries(dataSource, options.clock());
        PipelineQueries pipeline = new PipelineQueries(dataSource, lag);
        Config config = new Config(options.clock().label(), (int) options.refreshInterval().toSeconds(), lag != null,
                Thresholds.PIPELINE);

        try {
            hostCheck = new LocalHostOnly(options.bindAddress());
        } catch (IOException e) {
            http.stop(0);
            throw new UncheckedIOException("Cannot resolve " + options.bindAddress() + ": " + e.getMessage(), e);
        }
        http.createContext("/", assets).getFilters().add(hostCheck);
        endpoint(http, "/api/config", List.of(), parameters -> config);
        endpoint(http, "/api/sales", List.of(MINUTES), parameters -> panels.sales(parameters.value(MINUTES)));
        endpoint(http, "/api/orders-per-minute", List.of(HOURS),
                parameters -> panels.ordersPerMinute(parameters.value(HOURS)));
        endpoint(http, "/api/events-per-minute", List.of(HOURS),
                parameters -> panels.eventsPerMinute(parameters.value(HOURS)));
        endpoint(http, "/api/funnel", List.of(MINUTES), parameters -> panels.funnel(parameters.value(MINUTES)));
        endpoint(http, "/api/top-products", List.of(MINUTES, LIMIT),
                parameters -> panels.topProducts(parameters.value(MINUTES), parameters.value(LIMIT)));
        endpoint(http, "/api/top-categories", List.of(MINUTES, LIMIT),
                parameters -> panels.topCategories(parameters.value(MINUTES), parameters.value(LIMIT)));
        endpoint(http, "/api/pipeline", List.of(LANDED_SECONDS),
                parameters -> pipeline.pipeline(parameters.value(LANDED_SECONDS)));
        endpoint(http, "/api/pipeline-trends", List.of(TREND_MINUTES),
                parameters -> pipeline.trends(parameters.value(TREND_MINUTES)));

        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(HTTP_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "dashboard-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        http.setExecutor(executor);
        http.start();
        server = http;
        consumerLag = lag;
        url = URI.create("http://" + options.bindAddress() + ":" + http.getAddress().getPort() + "/");
        log.info("Dashboard at {} (clock {}, refresh every {} s, consumer lag {})", url, options.clock().label(),
                options.refreshInterval().toSeconds(), lag != null ? "from " + bootstrapServers : "not shown");
        return url;
    }

    private void endpoint(HttpServer http, String path, List<IntParameter> parameters, JsonEndpoint.Panel panel) {
        http.createContext(path, new JsonEndpoint(path, mapper, parameters, panel)).getFilters().add(hostCheck);
    }

    /** The page's URL, or null when not serving. */
    public synchronized URI url() {
        return url;
    }

    /** Stops serving (requests in flight get up to a second) and closes the Kafka client. Idempotent. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.stop(1);
            executor.shutdownNow();
        } finally {
            if (consumerLag != null) {
                consumerLag.close();
            }
            server = null;
            executor = null;
            consumerLag = null;
            log.info("Dashboard at {} stopped", url);
            url = null;
        }
    }
}
