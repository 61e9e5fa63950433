package dev.ecomstream.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
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
        List<ILoggingEvent> logged = new ArrayList<>();
        int exitCode = capturingErrors(logged, () -> QuickstartCommand.commandLine()
                .execute("--data", empty.toString(), "--exit-when-done"));

        assertThat(exitCode).isEqualTo(1);
        assertThat(logged).singleElement().satisfies(event -> {
            assertThat(event.getFormattedMessage()).startsWith("Quickstart failed: " + empty.toAbsolutePath() + " lacks ")
                    .contains("pass --data DIR");
            assertThat(event.getThrowableProxy()).as("stack trace").isNull();
        });
    }

    /** A failure no flag can fix is the quickstart's own: its trace is what finds it, so it is logged. */
    @Test
    void shouldLogTheStackTraceOfAnUnexpectedFailure() {
        List<ILoggingEvent> logged = new ArrayList<>();
        int exitCode = capturingErrors(logged, () -> QuickstartCommand.reportFailure(
                new IllegalStateException("the report has no rows"), null, null));

        assertThat(exitCode).isEqualTo(1);
        assertThat(logged).singleElement().satisfies(event -> {
            assertThat(event.getFormattedMessage()).isEqualTo("Quickstart failed unexpectedly");
            assertThat(event.getThrowableProxy().getMessage()).isEqualTo("the report has no rows");
        });
    }

    /* Runs {@code command}, adding what QuickstartCommand logs at ERROR meanwhile to {@code logged}. */
    private static int capturingErrors(List<ILoggingEvent> logged, IntSupplier command) {
        Logger logger = (Logger) LoggerFactory.getLogger(QuickstartCommand.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            return command.getAsInt();
        } finally {
            logger.detachAppender(appender);
            appender.list.stream().filter(event -> event.getLevel() == Level.ERROR).forEach(logged::add);
        }
    }
}
