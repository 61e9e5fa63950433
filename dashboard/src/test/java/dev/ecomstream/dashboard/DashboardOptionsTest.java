package dev.ecomstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

class DashboardOptionsTest {

    @Test
    void shouldParseClocksInAnyCaseAndExplainUnknownOnes() {
        assertThat(DashboardClock.parse("wall")).isEqualTo(DashboardClock.WALL);
        assertThat(DashboardClock.parse(" DATA ")).isEqualTo(DashboardClock.DATA);
        assertThatThrownBy(() -> DashboardClock.parse("sample"))
                .hasMessageContaining("'sample'").hasMessageContaining("wall").hasMessageContaining("data");
    }

    @Test
    void shouldDefaultToTheWallClockOnLoopbackEveryFiveSeconds() {
        DashboardOptions defaults = DashboardOptions.defaults();
        assertThat(defaults.clock()).isEqualTo(DashboardClock.WALL);
        assertThat(defaults.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(defaults.refreshInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldRefuseARefreshIntervalUnderOneSecond() {
        assertThatThrownBy(() -> DashboardOptions.defaults().withRefreshInterval(Duration.ofMillis(200)))
                .hasMessageContaining("1 s");
    }

    @Test
    void shouldBuildOptionsFromTheCommandLine() {
        DashboardCommand command = new DashboardCommand();
        new CommandLine(command).parseArgs("--clock", "data", "--refresh-seconds", "2", "--bind", "0.0.0.0",
                "--kafka-property", "security.protocol=SSL");
        DashboardOptions options = command.options();
        assertThat(options.clock()).isEqualTo(DashboardClock.DATA);
        assertThat(options.refreshInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(options.kafkaProperties()).isEqualTo(Map.of("security.protocol", "SSL"));
    }

    @Test
    void shouldExitWithTwoOnAnUnknownClock() {
        StringWriter err = new StringWriter();
        int exitCode = new CommandLine(new DashboardCommand()).setErr(new PrintWriter(err))
                .execute("--clock", "sample", "--port", "0");
        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown clock 'sample'");
    }

    /*
     * The pool waits for the first request before it connects; a host that cannot resolve must not leave a page
     * showing failed connections for ever. "[::zz]" is a malformed IPv6 literal: no DNS query leaves the machine.
     */
    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldFailAtStartWhenThePostgresqlHostDoesNotResolve() {
        List<Exception> failures = new ArrayList<>();
        int exitCode = new CommandLine(new DashboardCommand())
                .setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
                    failures.add(exception);
                    return 1;
                })
                .execute("--pg-url", "jdbc:postgresql://[::zz]:5432/shop", "--port", "0");

        assertThat(exitCode).isEqualTo(1);
        assertThat(failures).singleElement().isInstanceOf(IllegalArgumentException.class).extracting(Exception::getMessage)
                .asString().endsWith("To fix: the host in --pg-url (PG_URL) does not resolve: check its spelling, or "
                        + "give the server's IP address.");
    }

    @Test
    void shouldListTheMinutesThatEndWithNowsMinute() {
        List<Instant> minutes = PanelQueries.minutesUpTo(Instant.parse("2024-03-10T12:30:42Z"), 1);
        assertThat(minutes).hasSize(60);
        assertThat(minutes.get(0)).isEqualTo(Instant.parse("2024-03-10T11:31:00Z"));
        assertThat(minutes.get(59)).isEqualTo(Instant.parse("2024-03-10T12:30:00Z"));
    }
}
