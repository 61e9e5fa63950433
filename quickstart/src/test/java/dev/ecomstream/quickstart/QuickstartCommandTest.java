package dev.ecomstream.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
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
}
