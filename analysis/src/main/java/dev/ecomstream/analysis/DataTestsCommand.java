package dev.ecomstream.analysis;

import dev.ecomstream.schema.OneLineFailureHandler;
import dev.ecomstream.schema.PostgresOptions;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code data-tests}: runs the mart's data tests ({@link DataTest}) against a live database, in one read-only
 * transaction, and exits non-zero when one fails, so that a deployment or a schedule can stop on bad data.
 */
@Command(name = "data-tests", mixinStandardHelpOptions = true,
        description = "Checks the mart's data: unique and not-null keys, every fact's keys found in their "
                + "dimensions, statuses and event types among the accepted values. Reads mart only (a login in "
                + "ecomstream_reader is enough).",
        footer = {"", "Exit codes: 0 every test passed, 1 a test failed or the database could not be read, "
                + "2 bad command line."})
public final class DataTestsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PostgresOptions postgres;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line {@link #main} runs, and the tests. */
    static CommandLine commandLine() {
        return OneLineFailureHandler.commandLine(new DataTestsCommand());
    }

    @Override
    public Integer call() throws SQLException {
        PrintWriter out = spec.commandLine().getOut();
        List<DataTest> tests = DataTest.load();
        int failed = 0;
        try (Connection connection = postgres.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            connection.setReadOnly(true);
            connection.setAutoCommit(false);
            for (DataTest test : tests) {
                long failing;
                try (ResultSet count = statement.executeQuery(test.failingSql())) {
                    count.next();
                    failing = count.getLong(1);
                }
                if (failing == 0) {
                    out.println("PASS " + test.name());
                } else {
                    failed++;
                    out.println("FAIL " + test.name() + ": " + failing + " row" + (failing == 1 ? "" : "s")
                            + " (" + test.failingSql() + ")");
                }
            }
            connection.rollback();
        }
        out.printf("%d of %d data tests passed%n", tests.size() - failed, tests.size());
        out.flush();
        return failed == 0 ? 0 : 1;
    }
}
