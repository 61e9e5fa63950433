package dev.ecomstream.quickstart;

import dev.ecomstream.analysis.AnalysisQuery;
import dev.ecomstream.analysis.AnalysisQueryCatalog;
import dev.ecomstream.analysis.AnalysisReport;
import dev.ecomstream.analysis.HeadlineNumbers;
import dev.ecomstream.dashboard.DashboardClock;
import dev.ecomstream.dashboard.DashboardCommand;
import dev.ecomstream.dashboard.DashboardOptions;
import dev.ecomstream.dashboard.DashboardServer;
import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.PostgresServer;
import dev.ecomstream.schema.HttpListenOptions;
import dev.ecomstream.schema.OneLineFailureHandler;
import dev.ecomstream.schema.SchemaMigrator;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The one-command first look: an embedded Kafka broker and PostgreSQL, the seven producers over the sample
 * data, the sink until every published row has landed, a summary, and then the stack kept up for exploring.
 */
@Command(name = "ecomstream-quickstart", mixinStandardHelpOptions = true,
        description = "Runs the whole pipeline on an embedded Kafka broker and an embedded PostgreSQL.")
public final class QuickstartCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(QuickstartCommand.class);
    private static final String DATABASE = "ecomstream";

    private final CountDownLatch stackClosed = new CountDownLatch(1);

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
            description = "Directory with the seven CSV exports named <entity>.csv (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--exit-when-done",
            description = "Exit once the summary is printed, instead of keeping the stack up until Ctrl-C.")
    boolean exitWhenDone;

    @Option(names = "--summary-json", paramLabel = "FILE",
            description = "Also write the per-entity counts as JSON to FILE.")
    Path summaryJson;

    @Option(names = "--report", paramLabel = "FILE", defaultValue = "quickstart-output/ecomstream-report.html",
            description = "Where to write the HTML analysis report; PostgreSQL's password file for the "
                    + "logins, pgpass, goes beside it (default: ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--dashboard-port", paramLabel = "PORT", defaultValue = "" + DashboardCommand.DEFAULT_PORT,
            description = "Port of the live dashboard on 127.0.0.1; 0 for any free port (default: ${DEFAULT-VALUE}).")
    int dashboardPort;

    @Option(names = "--timeout-seconds", paramLabel = "S", defaultValue = "600",
            description = "Give up if the rows have not all landed after S seconds (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /*
     * Something the user gave that does not work (--data without the seven files, a --report where the password
     * file cannot be written) is one line: the message says what to do. Anything else is a fault of the quickstart
     * or of its embedded stack, and its trace is what finds it.
     */
    static CommandLine commandLine() {
        return new CommandLine(new QuickstartCommand()).setExecutionExceptionHandler(
                OneLineFailureHandler.expecting(IllegalArgumentException.class));
    }

    @picocli.CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        QuickstartPipeline.requireDataFiles(dataDir);
        if (!exitWhenDone) {
            requireFreeDashboardPort();
        }
        long started = System.nanoTime();
        PrintStream out = System.out;
        try (DevStack stack = DevStack.start()) {
            PostgresServer postgres = stack.postgres();
            DataSource database = postgres.createDatabase(DATABASE);
            String jdbcUrl = postgres.jdbcUrl(DATABASE);
            // The superuser migrates and makes the logins, nothing else: each part runs with its role's privileges,
            // as in production (README, "Database privileges").
            SchemaMigrator.migrate(database);
            QuickstartLogins logins = QuickstartLogins.create(database);
            DataSource asReader = logins.reader().dataSource(jdbcUrl);
            List<EntityCounts> counts;
            try (QuickstartPipeline pipeline = new QuickstartPipeline(stack.kafkaBootstrapServers(), jdbcUrl,
                    logins.writer().user(), logins.writer().password(), logins.writer().dataSource(jdbcUrl),
                    logins.monitor().dataSource(jdbcUrl))) {
                counts = pipeline.publishAndWait(dataDir, Duration.ofSeconds(timeoutSeconds));
                out.println();
                out.printf("Every published row landed in %.1f s:%n%n", (System.nanoTime() - started) / 1e9);
                SummaryPrinter.printTable(out, counts);
                Map<String, Long> core = pipeline.normaliseAndCountCore(Duration.ofSeconds(timeoutSeconds));
                out.println();
                out.println("Normalised into core: " + core.entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey().replace('_', ' '))
                        .collect(Collectors.joining(", ")));
                out.println("Star schema for Power BI and psql: mart.fact_order_items, mart.fact_orders, mart.fact_sessions, "
                        + "mart.fact_events, mart.dim_*");
                out.println();
                out.println("Headline numbers:");
                HeadlineNumbers.read(asReader).lines().forEach(line -> out.println("  " + line));
                out.println();
                List<AnalysisQuery> queries = AnalysisQueryCatalog.load().all();
                out.println("Analysis report (" + queries.size() + " questions, with charts, as "
                        + logins.reader().user() + " in ecomstream_reader): "
                        + AnalysisReport.run(asReader, queries).writeHtml(report));
                if (summaryJson != null) {
                    SummaryPrinter.writeJson(summaryJson, counts);
                    out.println("\nSummary written to " + summaryJson.toAbsolutePath());
                }
                printConnectionHelp(out, stack, postgres, jdbcUrl, logins,
                        logins.writePasswordFile(report.toAbsolutePath().getParent().resolve("pgpass"), postgres,
                                DATABASE));
                if (!exitWhenDone) {
                    // The sample data is historical: the dashboard's "now" is the newest order, not the wall clock.
                    DashboardServer dashboard = new DashboardServer(
                            DashboardOptions.defaults().withClock(DashboardClock.DATA));
                    out.println("Live dashboard: " + dashboard.start(logins.monitor().dataSource(jdbcUrl),
                            stack.kafkaBootstrapServers(),
                            dashboardPort) + "?window=43200  (publish more rows and watch it move)");
                    out.println();
                    waitForCtrlC(out);
                    dashboard.stop();
                    out.println("Stopping the sink, Kafka and PostgreSQL...");
                }
            }
            List<EntityCounts> duplicated = counts.stream().filter(c -> c.landed() > c.published()).toList();
            if (!duplicated.isEmpty()) {
                log.error("More rows landed than were published, which must never happen: {}", duplicated);
                return 1;
            }
            return 0;
        } finally {
            stackClosed.countDown();
        }
    }

    /**
     * A second quickstart (or a dashboard) on the port would otherwise be found only after the whole pipeline
     * ran, a minute later.
     *
     * @throws CommandLine.ParameterException (exit code 2) when the port is taken
     */
    private void requireFreeDashboardPort() {
        if (dashboardPort == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.bind(new java.net.InetSocketAddress(HttpListenOptions.LOOPBACK, dashboardPort));
        } catch (java.io.IOException taken) {
            throw new CommandLine.ParameterException(spec.commandLine(), String.format(
                    "Port %d on %s is in use (another quickstart or dashboard?): stop it, or choose another port "
                            + "with --dashboard-port PORT (0 for any free one), or run with --exit-when-done",
                    dashboardPort, HttpListenOptions.LOOPBACK));
        }
    }

    /* The passwords stay in the file: a terminal's scroll-back or a captured log would keep them. */
    private static void printConnectionHelp(PrintStream out, DevStack stack, PostgresServer postgres, String jdbcUrl,
                                            QuickstartLogins logins, Path passwordFile) {
        out.println();
        out.println("Explore the data while the stack runs (the logins' passwords are in " + passwordFile
                + ", readable by you only):");
        out.printf("  psql:      PGPASSFILE=%s psql -h 127.0.0.1 -p %d -U %s %s -c 'SELECT * FROM mart.fact_order_items LIMIT 5'%n",
                passwordFile, postgres.port(), logins.reader().user(), DATABASE);
        out.println("  JDBC URL:  " + jdbcUrl);
        out.println("  Logins:    " + logins.reader().user() + " (ecomstream_reader: the mart), " + logins.monitor().user()
                + " (ecomstream_monitor: ops and the mart; the dashboard), " + logins.writer().user()
                + " (ecomstream_writer: the sink), " + postgres.user() + " (superuser)");
        out.println("  Kafka:     " + stack.kafkaBootstrapServers());
        out.println();
    }

    private void waitForCtrlC(PrintStream out) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                // The JVM exits when the hooks return: hold it until the sink and the stack are down.
                stackClosed.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "quickstart-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("The stack stays up for exploring. Press Ctrl-C to stop it.");
        out.flush();
        stop.await();
    }
}
