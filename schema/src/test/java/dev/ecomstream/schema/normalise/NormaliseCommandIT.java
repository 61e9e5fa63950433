package dev.ecomstream.schema.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.ecomstream.schema.OneLineFailureHandler;
import dev.ecomstream.testkit.StagingDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

@ExtendWith(DevStackExtension.class)
class NormaliseCommandIT {

    @Test
    void shouldNormaliseOnceAndPrintTheCountsPerEntity(DevStack stack) {
        StagingDatabase db = StagingDatabase.create(stack, "command");
        ShopFixture.landAll(db);
        String database = (String) db.scalar("SELECT current_database()");
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new NormaliseCommand()).setOut(new PrintWriter(out));

        int exitCode = command.execute("--pg-url", stack.postgres().jdbcUrl(database),
                "--pg-user", stack.postgres().user(), "--pg-password", stack.postgres().password());

        assertThat(exitCode).isZero();
        assertThat(out.toString())
                .contains("entity", "inserted", "updated", "inferred", "pending", "deferred")
                .containsPattern("order_items\\s+1\\s+0\\s+0\\s+0\\s+0")
                .containsPattern("events\\s+2\\s+0\\s+0\\s+0\\s+0")
                .containsPattern("total\\s+8\\s+0\\s+0\\s+0\\s+0");
        assertThat(db.scalar("SELECT count(*) FROM core.order_items")).isEqualTo(1L);
    }

    /** A server that is not there is a setting to check: one line, not Flyway's table of SQL state and code. */
    @Test
    void shouldFailInOneLineWhenPostgresqlCannotBeReached() {
        StringWriter err = new StringWriter();
        CommandLine command = OneLineFailureHandler.commandLine(new NormaliseCommand()).setErr(new PrintWriter(err));

        int exitCode = command.execute("--pg-url", "jdbc:postgresql://127.0.0.1:1/nothing", "--pg-user", "nobody");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString().lines().toList()).singleElement().asString()
                .startsWith("normalise failed: Unable to obtain connection from database: Connection to 127.0.0.1:1 refused.");
    }

    /* "[::zz]" is a malformed IPv6 literal: the JDK refuses it before asking any resolver, so no DNS query is sent. */
    @Test
    void shouldSayWhatToFixWhenThePostgresqlHostDoesNotResolve() {
        StringWriter err = new StringWriter();
        CommandLine command = OneLineFailureHandler.commandLine(new NormaliseCommand()).setErr(new PrintWriter(err));

        int exitCode = command.execute("--pg-url", "jdbc:postgresql://[::zz]:5432/nothing", "--pg-user", "nobody");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString().lines().toList()).singleElement().asString().isEqualTo("normalise failed: Unable to "
                + "obtain connection from database: The connection attempt failed. To fix: the host in --pg-url "
                + "(PG_URL) does not resolve: check its spelling, or give the server's IP address.");
    }

    /*
     * Every line the run logs at INFO or above (Flyway, PgJDBC, ours) and everything it prints, searched for a
     * password given inside the URL and as the option (the server's real one, which it asks for: the run gets as
     * far as a real one would).
     */
    @Test
    void shouldNotShowAPasswordInAnyLineOfARun(DevStack stack) {
        StagingDatabase db = StagingDatabase.create(stack, "secrets");
        String secret = stack.postgres().password();
        String database = (String) db.scalar("SELECT current_database()");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new NormaliseCommand()).setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err));
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level level = root.getLevel();
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        root.addAppender(lines);
        root.setLevel(Level.INFO);
        int exitCode;
        try {
            exitCode = command.execute("--pg-url", stack.postgres().jdbcUrl(database) + "?password=" + secret,
                    "--pg-user", stack.postgres().user(), "--pg-password", secret);
        } finally {
            root.setLevel(level);
            root.detachAppender(lines);
        }

        assertThat(exitCode).isZero();
        assertThat(lines.list).as("log lines").isNotEmpty().allSatisfy(event ->
                assertThat(event.getFormattedMessage()).doesNotContain(secret));
        assertThat(out + err.toString()).doesNotContain(secret);
    }
}
