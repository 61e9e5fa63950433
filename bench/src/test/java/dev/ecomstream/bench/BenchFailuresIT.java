package dev.ecomstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * How the benchmark fails: an external stack it cannot use (PostgreSQL away, a refused login, a role without
 * CREATEDB) in one line that says what to fix, at once, before any data is generated; a fault of its own with the
 * stack trace that finds it.
 */
@ExtendWith(DevStackExtension.class)
class BenchFailuresIT {

    private final DevStack stack;

    BenchFailuresIT(DevStack stack) {
        this.stack = stack;
    }

    /** The exit code, and what the command wrote to its error stream: its lines, and whether a stack trace. */
    private record Failure(int exitCode, String err) {
        List<String> lines() {
            return err.lines().toList();
        }

        List<Boolean> withStackTrace() {
            return List.of(err.contains("\tat "));
        }
    }

    @Test
    void shouldSayInOneLineThatPostgresqlCannotBeReached() {
        Failure failure = run(stack.kafkaBootstrapServers(), "jdbc:postgresql://127.0.0.1:1/postgres", "bench", "pw");

        assertThat(failure.exitCode()).isEqualTo(1);
        assertThat(failure.lines()).singleElement().asString()
                .startsWith("bench.sh failed: PostgreSQL at jdbc:postgresql://127.0.0.1:1/postgres as bench: "
                        + "Connection to 127.0.0.1:1 refused")
                .endsWith(". To fix: check the host and port in --pg-url (PG_URL), and that the server is running.")
                .doesNotContain("..");
        assertThat(failure.withStackTrace()).containsExactly(false);
    }

    @Test
    void shouldSayInOneLineThatTheLoginWasRefused() {
        Failure failure = run(stack.kafkaBootstrapServers(), stack.postgres().jdbcUrl("postgres"),
                stack.postgres().user(), "not-the-password");

        assertThat(failure.exitCode()).isEqualTo(1);
        assertThat(failure.lines()).singleElement().asString()
                .contains("password authentication failed for user")
                .endsWith(". To fix: check --pg-user and --pg-password (PG_USER, PG_PASSWORD) and the server's "
                        + "pg_hba.conf.")
                .doesNotContain("not-the-password");
        assertThat(failure.withStackTrace()).containsExactly(false);
    }

    @Test
    void shouldSayInOneLineThatTheRoleMayNotCreateDatabases() throws SQLException {
        String login = "bench_without_createdb_" + System.nanoTime() % 100_000;
        try (Connection connection = stack.postgres().dataSource("postgres").getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + login + " LOGIN PASSWORD 'bench-pw'");
        }

        Failure failure = run(stack.kafkaBootstrapServers(), stack.postgres().jdbcUrl("postgres"), login, "bench-pw");

        assertThat(failure.exitCode()).isEqualTo(1);
        assertThat(failure.lines()).singleElement().asString().endsWith(login + " may not create databases, and the "
                + "benchmark creates and drops one per step. To fix: ALTER ROLE " + login + " CREATEDB, or name a "
                + "role that may with --pg-user.");
        assertThat(failure.withStackTrace()).containsExactly(false);
    }

    /** A failure nobody could fix by changing a setting is the benchmark's own: its trace is written. */
    @Test
    void shouldWriteTheStackTraceOfAnUnexpectedFailure() throws Exception {
        StringWriter err = new StringWriter();
        CommandLine commandLine = BenchCommand.commandLine().setErr(new PrintWriter(err, true));
        int exitCode = commandLine.getExecutionExceptionHandler().handleExecutionException(
                new IllegalStateException("a step found more rows than were published"), commandLine, null);

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).startsWith("bench.sh failed unexpectedly")
                .contains("IllegalStateException: a step found more rows than were published").contains("\tat ");
    }

    private static Failure run(String bootstrapServers, String pgUrl, String user, String password) {
        StringWriter err = new StringWriter();
        int exitCode = BenchCommand.commandLine().setErr(new PrintWriter(err, true)).execute(
                "--bootstrap-servers", bootstrapServers, "--pg-url", pgUrl, "--pg-user", user,
                "--pg-password", password, "--quick");
        return new Failure(exitCode, err.toString());
    }
}
