package dev.ecomstream.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.schema.normalise.NormaliserRunner;
import dev.ecomstream.sink.testing.Publisher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * {@code ecomstream-sink offsets show|reset} against a real broker and PostgreSQL: what the sink stored after a
 * run, a replay from the log's start, a skip to a point in time, and the refusal while a sink of the group runs.
 */
/*
 * "try": a try (InProcessSink sink = ...) block is the time a sink runs (and holds its group); the body talks to
 * it only through Kafka and PostgreSQL.
 */
@SuppressWarnings("try")
@ExtendWith(DevStackExtension.class)
class SinkOffsetsIT {

    @Test
    @Timeout(180)
    void shouldShowTheStoredOffsetsTheLogAndTheLagAfterARun(DevStack devStack) throws Exception {
        Scenario scenario = new Scenario(devStack, "events", "show", 2);
        try (Publisher publisher = scenario.publisher()) {
            publisher.events(0, 0, 30);
            publisher.events(1, 30, 20);
        }
        runUntilLanded(scenario, 50);
        scenario.publishEvents(1, 50, 5); // published while no sink runs: the lag

        Run show = offsets(scenario, "show");

        assertThat(show.exitCode).as("exit code; output:%n%s%s", show.out, show.log).isZero();
        assertThat(show.out).contains("Consumer group '" + scenario.group + "'");
        assertThat(show.lines()).anyMatch(line -> line.matches(
                        "\\Q" + scenario.topic + "\\E\\s+0\\s+30\\s+0\\s+30\\s+0\\s*"))
                .anyMatch(line -> line.matches("\\Q" + scenario.topic + "\\E\\s+1\\s+20\\s+0\\s+25\\s+5\\s*"));
        assertThat(offsets(scenario, "show", "--topic", "no.such.topic").out)
                .contains("no.such.topic").contains("topic not in Kafka, no stored offsets");
    }

    @Test
    @Timeout(240)
    void shouldReplayATopicResetToTheEarliestOffsetAndLeaveCoreAsItWas(DevStack devStack) throws Exception {
        Scenario scenario = new Scenario(devStack, "events", "replay", 2);
        scenario.publishEvents(0, 60);
        runUntilLanded(scenario, 60);
        NormaliserRunner normaliser = new NormaliserRunner(scenario.staging.dataSource());
        normaliser.runUntilCaughtUp(Duration.ofSeconds(60));
        String coreBefore = coreEvents(scenario);
        awaitGroupEmpty(scenario);

        Run reset = offsets(scenario, "reset", "--topic", scenario.topic, "--to-earliest");

        assertThat(reset.exitCode).as("exit code; output:%n%s%s", reset.out, reset.log).isZero();
        assertThat(reset.out).contains(scenario.topic + "-0: reset --to-earliest: ")
                .contains("are landed again (replay of").contains("Recorded in staging.sink_offset_gaps");
        assertThat(scenario.staging.storedOffsets()).as("stored offsets after the reset").isZero();
        assertThat(scenario.staging.rows("SELECT sum(from_offset - to_offset), sum(records_skipped), count(*) "
                + "FROM staging.sink_offset_gaps WHERE reason LIKE 'reset --to-earliest%'"))
                .containsExactly(List.of("60", "0", "2"));

        runUntilLanded(scenario, 60);
        assertThat(scenario.staging.events()).as("every record landed again as a new staging row").isEqualTo(120);
        assertThat(scenario.staging.count("SELECT count(DISTINCT (kafka_partition, kafka_offset)) FROM staging.events"))
                .isEqualTo(60);
        normaliser.runUntilCaughtUp(Duration.ofSeconds(60));
        assertThat(coreEvents(scenario)).as("core after the replay of the same versions").isEqualTo(coreBefore);
    }

    @Test
    @Timeout(180)
    void shouldSkipToAPointInTimeAndRecordTheSkip(DevStack devStack) throws Exception {
        Scenario scenario = new Scenario(devStack, "events", "skip", 1);
        Instant between;
        try (Publisher publisher = scenario.publisher()) {
            publisher.events(0, 10);
            Thread.sleep(50);
            between = Instant.now();
            Thread.sleep(50);
            publisher.events(10, 15);
        }
        runUntilLanded(scenario, 25);
        awaitGroupEmpty(scenario);

        Run dryRun = offsets(scenario, "reset", "--topic", scenario.topic, "--partition", "0",
                "--to-datetime", between.toString(), "--dry-run");
        assertThat(dryRun.exitCode).as("output:%n%s%s", dryRun.out, dryRun.log).isZero();
        assertThat(dryRun.out).contains("25 -> 10, offsets 10 to 24 are landed again (replay of 15 records)")
                .contains("Dry run: nothing changed.");
        assertThat(scenario.staging.storedOffsets()).isEqualTo(25);
        Run reset = offsets(scenario, "reset", "--topic", scenario.topic, "--to-offset", "20");
        assertThat(reset.exitCode).as("output:%n%s%s", reset.out, reset.log).isZero();
        assertThat(reset.out).contains("25 -> 20");
        Run skip = offsets(scenario, "reset", "--topic", scenario.topic, "--to-latest");
        assertThat(skip.out).contains("20 -> 25, offsets 20 to 24 are never landed (5 records skipped)");
        assertThat(scenario.staging.rows("SELECT from_offset, to_offset, records_skipped FROM staging.sink_offset_gaps "
                + "ORDER BY gap_id")).containsExactly(List.of("25", "20", "0"), List.of("20", "25", "5"));
    }

    @Test
    @Timeout(180)
    void shouldRefuseToResetWhileASinkOfTheGroupRuns(DevStack devStack) throws Exception {
        Scenario scenario = new Scenario(devStack, "events", "refuse", 1);
        scenario.publishEvents(0, 20);
        try (InProcessSink sink = InProcessSink.start(scenario.sinkArgs())) {
            await("landed").atMost(Duration.ofSeconds(60)).until(() -> scenario.staging.storedOffsets() == 20);

            Run reset = offsets(scenario, "reset", "--topic", scenario.topic, "--to-earliest");

            assertThat(reset.exitCode).isEqualTo(1);
            assertThat(reset.err.lines()).as("one line, no stack trace").singleElement().asString()
                    .startsWith("ecomstream-sink offsets reset failed: Refusing to reset " + scenario.topic)
                    .contains("consumer group '" + scenario.group + "' has 1 running member(s)").contains("To fix:")
                    .doesNotContain("Exception");
            assertThat(reset.log.lines().filter(line -> line.startsWith("ERROR"))).isEmpty();
            assertThat(scenario.staging.storedOffsets()).as("nothing moved").isEqualTo(20);
            assertThat(scenario.staging.count("SELECT count(*) FROM staging.sink_offset_gaps")).isZero();
        }
    }

    @Test
    void shouldExitWithTwoOnABadCommandLine(DevStack devStack) {
        Scenario scenario = new Scenario(devStack, "events", "badline", 1);
        assertThat(offsets(scenario, "reset", "--topic", scenario.topic).exitCode).as("no --to-*").isEqualTo(2);
        assertThat(offsets(scenario, "reset", "--topic", scenario.topic, "--to-earliest", "--to-latest").exitCode)
                .as("two --to-*").isEqualTo(2);
        Run outside = offsets(scenario, "reset", "--topic", scenario.topic, "--to-offset", "99");
        assertThat(outside.exitCode).isEqualTo(2);
        assertThat(outside.err).contains("--to-offset 99 is outside the log of " + scenario.topic + "-0 (offsets 0 to 0)");
        Run noTable = offsets(scenario, "show");
        assertThat(noTable.exitCode).isEqualTo(1);
        assertThat(noTable.err).contains("has no staging.sink_offsets: no sink has run against it. To fix:");
        Run badTime = offsets(scenario, "reset", "--topic", scenario.topic, "--to-datetime", "yesterday");
        assertThat(badTime.exitCode).isEqualTo(2);
        assertThat(badTime.err).contains("is not an ISO instant. To fix:");
        assertThat(offsets(scenario, "reset", "--topic", "no.such.topic", "--to-latest").err)
                .contains("has no such topic");
        assertThat(offsets(scenario).exitCode).as("no subcommand").isEqualTo(2);
    }

    private void runUntilLanded(Scenario scenario, long records) throws Exception {
        SinkArgs args = scenario.sinkArgs().withShortSessions().with("--normalise-interval-ms", "0");
        try (InProcessSink sink = InProcessSink.start(args)) {
            await(records + " records landed").atMost(Duration.ofSeconds(60))
                    .until(() -> scenario.staging.storedOffsets() == records);
        }
    }

    /** A stopped sink keeps its static membership until its session times out (6 s with short sessions). */
    private static void awaitGroupEmpty(Scenario scenario) throws Exception {
        String group = scenario.group;
        try (Admin admin = scenario.admin()) {
            await("the group's members gone").atMost(Duration.ofSeconds(60)).until(() -> {
                try {
                    return admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group)
                            .members().isEmpty();
                } catch (java.util.concurrent.ExecutionException e) {
                    return e.getCause() instanceof GroupIdNotFoundException;
                } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    private static String coreEvents(Scenario scenario) throws Exception {
        return scenario.staging.text("SELECT count(*) || ' ' || md5(string_agg(concat_ws('|', event_id, session_id, "
                + "sequence_number, created_at, uri, event_type, source_staging_id, normalised_at), ',' "
                + "ORDER BY event_id)) FROM core.events");
    }

    private static Run offsets(Scenario scenario, String... subcommand) {
        DevStack devStack = scenario.devStack;
        List<String> args = new ArrayList<>(List.of("offsets"));
        args.addAll(List.of(subcommand));
        if (subcommand.length > 0) {
            args.addAll(List.of("--bootstrap-servers", devStack.kafkaBootstrapServers(), "--group", scenario.group,
                    "--pg-url", devStack.postgres().jdbcUrl(scenario.database), "--pg-user", devStack.postgres().user(),
                    "--pg-password", devStack.postgres().password()));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Logger logger = (Logger) LoggerFactory.getLogger("dev.ecomstream.sink");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        int exitCode;
        try {
            exitCode = SinkCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                    .execute(args.toArray(String[]::new));
        } finally {
            logger.detachAppender(log);
        }
        String logText = String.join("\n", log.list.stream()
                .map(event -> event.getLevel() + " " + event.getFormattedMessage()
                        + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getClassName()))
                .toList());
        return new Run(exitCode, out.toString(), err.toString(), logText);
    }

    private record Run(int exitCode, String out, String err, String log) {
        List<String> lines() {
            return out.lines().toList();
        }
    }
}
