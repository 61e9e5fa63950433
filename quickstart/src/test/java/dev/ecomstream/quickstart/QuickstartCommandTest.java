package dev.ecomstream.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class QuickstartCommandTest {

    /** Found before anything starts, naming the flag that fixes it, not a minute later by the dashboard. */
    @Test
    void shouldRefuseATakenDashboardPortBeforeStartingAnything() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            StringWriter errors = new StringWriter();
            CommandLine command = new CommandLine(new QuickstartCommand()).setErr(new PrintWriter(errors));

            int exitCode = command.execute("--data", "../data", "--dashboard-port",
                    Integer.toString(taken.getLocalPort()));

            assertThat(exitCode).isEqualTo(2);
            assertThat(errors.toString()).contains("Port " + taken.getLocalPort() + " on 127.0.0.1 is in use")
                    .contains("--dashboard-port PORT");
        }
    }

    /** Data the user pointed at that is not there: one line naming the files and the flag, no stack trace. */
    @Test
    void shouldReportMissingDataFilesInOneLine(@TempDir Path empty) {
        StringWriter err = new StringWriter();
        int exitCode = QuickstartCommand.commandLine().setErr(new PrintWriter(err, true))
                .execute("--data", empty.toString(), "--exit-when-done");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString().lines().toList()).singleElement().asString()
                .startsWith("ecomstream-quickstart failed: " + empty.toAbsolutePath() + " lacks ")
                .contains("pass --data DIR");
    }

    /** A failure no flag can fix is the quickstart's own: its trace is what finds it, so it is written. */
    @Test
    void shouldWriteTheStackTraceOfAnUnexpectedFailure() throws Exception {
        StringWriter err = new StringWriter();
        CommandLine commandLine = QuickstartCommand.commandLine().setErr(new PrintWriter(err, true));
        int exitCode = commandLine.getExecutionExceptionHandler().handleExecutionException(
                new IllegalStateException("the report has no rows"), commandLine, null);

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).startsWith("ecomstream-quickstart failed unexpectedly")
                .contains("IllegalStateException: the report has no rows").contains("\tat ");
    }
}
