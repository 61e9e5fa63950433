package dev.ecomstream.schema.normalise;

import dev.ecomstream.schema.PostgresOptions;
import dev.ecomstream.schema.SchemaMigrator;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code normalise}: runs the normaliser once over what staging holds, for batch use, and prints the counts. */
@Command(name = "normalise", mixinStandardHelpOptions = true,
        description = "Normalises the staging rows landed since the last run into core (and so into the mart "
                + "views), once, and prints per entity what was inserted, updated, inferred, is pending or deferred.",
        footer = {"", "Exit codes: 0 done, 1 failed (the message says what to fix), 2 bad command line, "
                + "3 rows are still deferred after --catch-up-timeout (a transaction stayed open)."})
public final class NormaliseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PostgresOptions postgres;

    @Option(names = "--catch-up-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Repeat the run for up to SECONDS while rows landed by transactions that were still "
                    + "open are left for a later run; 0 runs exactly once (default: ${DEFAULT-VALUE}).")
    long catchUpTimeoutSeconds;

    @Option(names = "--skip-migrations",
            description = "Do not run the Flyway migrations first (when a more privileged role runs them).")
    boolean skipMigrations;

    /**
     * A failure as one line on the error stream, exit code 1: Flyway's messages go on with a table of codes. A host
     * in --pg-url that does not resolve gets what to fix: PgJDBC only says the connection attempt failed.
     */
    static final CommandLine.IExecutionExceptionHandler ONE_LINE_FAILURE = (exception, commandLine, parseResult) -> {
        commandLine.getErr().println("normalise failed: " + PostgresOptions.withUnresolvedHostAdvice(
                String.valueOf(exception.getMessage()).lines().findFirst().orElse(exception.getClass().getSimpleName()),
                exception));
        commandLine.getErr().flush();
        return 1;
    };

    public static void main(String[] args) {
        System.exit(new CommandLine(new NormaliseCommand()).setExecutionExceptionHandler(ONE_LINE_FAILURE)
                .execute(args));
    }

    @Override
    public Integer call() {
        if (catchUpTimeoutSeconds < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--catch-up-timeout must be 0 or more seconds, was " + catchUpTimeoutSeconds);
        }
        DataSource dataSource = postgres.dataSource();
        if (!skipMigrations) {
            SchemaMigrator.migrate(dataSource);
        }
        NormaliserRunner runner = new NormaliserRunner(dataSource);
        NormaliserRun run = catchUpTimeoutSeconds == 0
                ? runner.runOnce()
                : runner.runUntilCaughtUp(Duration.ofSeconds(catchUpTimeoutSeconds));
        print(run, spec.commandLine().getOut());
        return run.deferred() > 0 ? 3 : 0;
    }

    static void print(NormaliserRun run, PrintWriter out) {
        out.printf("%-22s %10s %10s %10s %10s %10s%n", "entity", "inserted", "updated", "inferred", "pending",
                "deferred");
        for (EntityCounts counts : run.entities()) {
            out.printf("%-22s %10d %10d %10d %10d %10d%n", counts.entity().entityName(), counts.inserted(),
                    counts.updated(), counts.inferred(), counts.pending(), counts.deferred());
        }
        out.printf("%-22s %10d %10d %10d %10d %10d%n", "total", run.inserted(), run.updated(), run.inferred(),
                run.pending(), run.deferred());
        out.printf("in %d ms; inferred members: SELECT * FROM mart.data_completeness; "
                + "rows that cannot be placed and why: SELECT * FROM core.pending%n", run.elapsed().toMillis());
        out.flush();
    }
}
