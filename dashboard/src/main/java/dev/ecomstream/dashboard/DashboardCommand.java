package dev.ecomstream.dashboard;

import dev.ecomstream.schema.HttpListenOptions;
import dev.ecomstream.schema.KafkaConnectionOptions;
import dev.ecomstream.schema.OneLineFailureHandler;
import dev.ecomstream.schema.PostgresOptions;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.time.Duration;
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
        defaultValueProvider = DashboardCommand.HttpDefaults.class,
        description = "Serves a live page over an ecomstream database: orders and revenue, orders and events "
                + "per minute, the funnel, best sellers and the pipeline's health, refreshed every few seconds.",
        footer = {"", "The sink's consumer lag is shown only when Kafka is named (--bootstrap-servers or "
                + "KAFKA_BOOTSTRAP_SERVERS). The port's environment variable is DASHBOARD_PORT. On a loopback "
                + "address the page answers only requests addressed to localhost, 127.0.0.1 or [::1].",
                "", "Exit codes: 0 stopped on request, 1 failed (the message says what to fix), 2 bad command line."})
public final class DashboardCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(DashboardCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    PostgresOptions postgres;

    /** The dashboard's port unless told otherwise; the quickstart's too. */
    public static final int DEFAULT_PORT = 8088;

    @Mixin
    HttpListenOptions http;

    /** The dashboard's environment variable and port for {@link HttpListenOptions}. */
    public static final class HttpDefaults extends HttpListenOptions.Defaults {
        public HttpDefaults() {
            super(null, "DASHBOARD_PORT", DEFAULT_PORT);
        }
    }

    @Option(names = "--clock", paramLabel = "wall|data", defaultValue = "${env:DASHBOARD_CLOCK:-wall}",
            description = "What \"now\" is: wall = real time; data = the newest created_at in core, for sample "
                    + "or replayed data with historical timestamps (env DASHBOARD_CLOCK; default: ${DEFAULT-VALUE}).")
    String clock;

    @Option(names = "--refresh-seconds", paramLabel = "S", defaultValue = "5",
            description = "The page asks for new figures every S seconds (default: ${DEFAULT-VALUE}).")
    int refreshSeconds;

    @Mixin
    KafkaConnectionOptions kafka;

    public static void main(String[] args) {
        System.exit(OneLineFailureHandler.commandLine(new DashboardCommand()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        DashboardOptions options = options();
        String bootstrapServers = kafka.bootstrapServersIfNamed().orElse(null);
        log.info("Dashboard settings: {}, {}, clock={}, refresh={} s", postgres,
                bootstrapServers == null ? "kafka=(none named: no consumer lag)" : kafka,
                options.clock().label(), refreshSeconds);
        // The pool connects on the first request (below); a host that can never resolve is a setting to fix now.
        postgres.requireResolvableHosts();
        HikariDataSource dataSource = dataSource();
        DashboardServer server = new DashboardServer(options);
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            URI url = server.start(dataSource, bootstrapServers, http.port());
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
        if (http.port() < 0 || http.port() > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--port must be 0 to 65535, was " + http.port());
        }
        try {
            return new DashboardOptions(DashboardClock.parse(clock), Duration.ofSeconds(refreshSeconds), http.address(),
                    kafka.clientProperties());
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
