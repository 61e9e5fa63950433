package dev.ecomstream.dashboard;

import dev.ecomstream.schema.PostgresOptions;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code java -jar ecomstream-dashboard.jar}: serves the live dashboard until SIGTERM or Ctrl-C. */
@Command(name = "ecomstream-dashboard", mixinStandardHelpOptions = true,
        description = "Serves a live page over an ecomstream database: orders and revenue, orders and events "
                + "per minute, the funnel, best sellers and the pipeline's health, refreshed every few seconds.",
        footer = {"", "Exit codes: 0 stopped on request, 1 failed (the message says what to fix), 2 bad command line."})
public final class DashboardCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(DashboardCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    PostgresOptions postgres;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:DASHBOARD_PORT:-8088}",
            description = "HTTP port; 0 picks a free one (env DASHBOARD_PORT; default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 shows the page to other machines, which then see your "
                    + "sales figures without a login (default: ${DEFAULT-VALUE}).")
    String bindAddress;

    @Option(names = "--clock", paramLabel = "wall|data", defaultValue = "${env:DASHBOARD_CLOCK:-wall}",
            description = "What \"now\" is: wall = real time; data = the newest created_at in core, for sample "
                    + "or replayed data with historical timestamps (env DASHBOARD_CLOCK; default: ${DEFAULT-VALUE}).")
    String clock;

    @Option(names = "--refresh-seconds", paramLabel = "S", defaultValue = "5",
            description = "The page asks for new figures every S seconds (default: ${DEFAULT-VALUE}).")
    int refreshSeconds;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,HOST:PORT...]",
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS}",
            description = "Kafka bootstrap servers, to show the sink's consumer lag; without it the lag is not "
                    + "shown (env KAFKA_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Any Kafka Admin client property, passed through (repeatable), "
                    + "e.g. security.protocol=SASL_SSL.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new DashboardCommand())
                .setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
                    log.error("Dashboard failed: {}", exception.getMessage());
                    return 1;
                })
                .execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        DashboardOptions options = options();
        log.info("Dashboard settings: {}, bootstrap-servers={}, kafka properties={}, clock={}, refresh={} s",
                postgres,
                bootstrapServers == null ? "(none: no consumer lag)" : bootstrapServers,
                kafkaProperties.keySet(), options.clock().label(), refreshSeconds);
        HikariDataSource dataSource = dataSource();
        DashboardServer server = new DashboardServer(options);
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            URI url = server.start(dataSource, bootstrapServers, port);
            spec.commandLine().getOut().println("Dashboard: " + url);
            spec.commandLine().getOut().flush();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.stop();
                dataSource.close();
                stopped.countDown();
            }, "dashboard-shutdown"));
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        stopped.await();
        return 0;
    }

    DashboardOptions options() {
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 0 to 65535, was " + port);
        }
        try {
            return new DashboardOptions(DashboardClock.parse(clock), Duration.ofSeconds(refreshSeconds), bindAddress,
                    kafkaProperties);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /*
     * A small read-only pool: a few requests per refresh per open page. Read-only makes PostgreSQL refuse
     * any write, whatever the role may do. No connection at start, so a database that is still starting
     * does not stop the page from coming up; the panels show the error until it answers.
     */
    private HikariDataSource dataSource() {
        HikariConfig config = new HikariConfig();
        config.setPoolName("dashboard");
        config.setJdbcUrl(postgres.url());
        config.setUsername(postgres.user());
        config.setPassword(postgres.passwordForDriver());
        config.setReadOnly(true);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }
}
