package dev.ecomstream.sink;

import dev.ecomstream.sink.failure.SinkFailedException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.sink.testing.Publisher;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Problems no retry can fix stop the sink with a message that says what to fix. */
@ExtendWith(DevStackExtension.class)
class PermanentFailuresIT {

    @Test
    @Timeout(60)
    void shouldFailFastNamingTheMissingTablesWhenMigrationsAreSkipped(DevStack devStack) throws Exception {
        Scenario scenario = new Scenario(devStack, "orders", "skipmig", 1);
        try (InProcessSink sink = InProcessSink.start(scenario.sinkArgs().with("--skip-migrations"))) {
            Throwable failure = sink.awaitFailure(Duration.ofSeconds(30));
            assertThat(failure).isInstanceOf(SinkFailedException.class).hasMessageStartingWith(
                    "--skip-migrations is set but these tables do not exist: staging.orders, staging.sink_offsets, "
                            + "staging.rejected_records. To fix: run the migrations");
        }
    }

    @Test
    @Timeout(60)
    void shouldStopWithWhatToFixWhenTheLoginIsRefused(DevStack devStack) throws Exception {
        Scenario scenario = new Scenario(devStack, "orders", "badlogin", 1);
        try (InProcessSink sink = InProcessSink.start(scenario.sinkArgs().with("--pg-user", "no_such_role"))) {
            Throwable failure = sink.awaitFailure(Duration.ofSeconds(30));
            assertThat(failure).isInstanceOf(SinkFailedException.class)
                    .hasMessageContaining("password authentication failed for user \"no_such_role\"")
                    .hasMessageContaining("To fix: PostgreSQL refused the login: check --pg-user and --pg-password");
        }
    }

    @Test
    @Timeout(90)
    void shouldStopWhenAStagingTableDisappearsWhileRunning(DevStack devStack) throws Exception {
        Scenario scenario = new Scenario(devStack, "orders", "droptable", 1);
        try (Publisher publisher = scenario.publisher();
             InProcessSink sink = InProcessSink.start(scenario.sinkArgs())) {
            publisher.send(0, "1", "{\"order_id\":1}");
            publisher.flush();
            await("first row landed").atMost(Duration.ofSeconds(60))
                    .until(() -> scenario.staging.count("SELECT count(*) FROM staging.orders") == 1);
            scenario.staging.execute("DROP TABLE staging.orders CASCADE");
            publisher.send(0, "2", "{\"order_id\":2}");
            publisher.flush();
            Throwable failure = sink.awaitFailure(Duration.ofSeconds(30));
            assertThat(failure).isInstanceOf(SinkFailedException.class)
                    .hasMessageContaining("relation \"staging.orders\" does not exist")
                    .hasMessageContaining("run the migrations")
                    .hasMessageContaining("Nothing of the batch was written");
        }
        assertThat(scenario.staging.count("SELECT next_offset FROM staging.sink_offsets")).isEqualTo(1);
    }

    /** A setting no retry can fix looks like a connection failure to a retry loop; it must stop the sink. */
    @Test
    @Timeout(60)
    void shouldStopWithWhatToFixWhenTheUrlRequiresSslTheServerDoesNotOffer(DevStack devStack) throws Exception {
        Scenario scenario = new Scenario(devStack, "orders", "nossl", 1);
        String url = devStack.postgres().jdbcUrl(scenario.database) + "?sslmode=require";
        try (InProcessSink sink = InProcessSink.start(scenario.sinkArgs().with("--pg-url", url))) {
            Throwable failure = sink.awaitFailure(Duration.ofSeconds(30));
            assertThat(failure).isInstanceOf(SinkFailedException.class)
                    .hasMessageContaining("The server does not support SSL")
                    .hasMessageContaining("To fix: PostgreSQL and the sink disagree on how to connect: check sslmode");
        }
    }

    /*
     * A host name that cannot resolve is a mistyped --pg-url, not an outage: stop with exit code 1 instead of
     * retrying for ever. "[::zz]" is a malformed IPv6 literal: the JDK refuses it before asking any resolver, so no
     * DNS query leaves the machine.
     */
    @Test
    @Timeout(60)
    void shouldStopWithWhatToFixWhenThePostgresqlHostDoesNotResolve(DevStack devStack) throws Exception {
        Scenario scenario = new Scenario(devStack, "orders", "unknownhost", 1);
        SinkArgs unresolvable = scenario.sinkArgs().with("--pg-url", "jdbc:postgresql://[::zz]:5432/" + scenario.database);

        java.io.StringWriter err = new java.io.StringWriter();
        int exitCode = SinkCommand.commandLine().setErr(new java.io.PrintWriter(err, true))
                .execute(unresolvable.toList().toArray(String[]::new));

        assertThat(exitCode).as("exit code of a sink whose PostgreSQL host does not resolve").isEqualTo(1);
        assertThat(err.toString().lines().toList()).as("what the command line says").singleElement().asString()
                .endsWith("To fix: the host in --pg-url (PG_URL) does not resolve: check its spelling, or give the "
                        + "server's IP address.")
                .satisfies(line -> assertThat(line.split("To fix:", -1)).as("'To fix:' once").hasSize(2));
        try (InProcessSink sink = InProcessSink.start(unresolvable)) {
            assertThat(sink.awaitFailure(Duration.ofSeconds(30))).isInstanceOf(SinkFailedException.class)
                    .hasMessageEndingWith(" failed: The connection attempt failed. To fix: the host in --pg-url "
                            + "(PG_URL) does not resolve: check its spelling, or give the server's IP address.");
        }
    }
}
