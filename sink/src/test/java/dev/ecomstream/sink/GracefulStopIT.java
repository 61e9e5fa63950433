package dev.ecomstream.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.sink.testing.ChildSink;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Test (5): SIGTERM and SIGINT stop the packaged sink through its shutdown hook, mid-load, with the batch in
 * flight committed or abandoned whole; a restart resumes exactly at the stored offsets.
 */
@ExtendWith(DevStackExtension.class)
class GracefulStopIT {

    private static final int RECORDS = 40_000;

    @Test
    @Timeout(180)
    void shouldStopCleanlyOnSigtermAndSigintAndResumeAtTheStoredOffsets(DevStack devStack) throws Exception {
        Scenario scenario = new Scenario(devStack, "events", "graceful", 3);
        scenario.publishEvents(0, RECORDS);
        List<String> args = scenario.sinkArgs().with("--batch-rows", "200").toList();

        long afterTerm = stopMidLoad(scenario, args, 5_000, false);
        long afterInt = stopMidLoad(scenario, args, afterTerm + 5_000, true);
        assertThat(afterInt).isGreaterThan(afterTerm);

        try (ChildSink sink = ChildSink.start("graceful", args)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (scenario.staging.storedOffsets() < RECORDS
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(sink.terminate(Duration.ofSeconds(30))).isEqualTo(143);
        }
        scenario.staging.assertEventsExactlyOnce(RECORDS);
    }

    /** Starts the sink, stops it by signal once {@code landedAtLeast} rows are in, checks it stopped cleanly. */
    private static long stopMidLoad(Scenario scenario, List<String> args, long landedAtLeast, boolean sigint)
            throws Exception {
        try (ChildSink sink = ChildSink.start("graceful", args)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (scenario.staging.events() < landedAtLeast && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long before = scenario.staging.events();
            assertThat(before).as("landed before the signal; log:%n%s", sink.log()).isBetween(landedAtLeast,
                    RECORDS - 1L);
            int exit = sigint ? sink.interrupt(Duration.ofSeconds(30)) : sink.terminate(Duration.ofSeconds(30));
            // 128 + signal number: the JVM exits so after running its shutdown hooks
            assertThat(exit).as("exit code; log:%n%s", sink.log()).isEqualTo(sigint ? 130 : 143);
            assertThat(sink.log()).contains("Stop requested; settling the batch in flight").contains("Sink stopped:")
                    .doesNotContain("did not stop within").doesNotContain("Exception");
            // the packaged sink's own logging set-up (SinkLogging): its line format, and Kafka's INFO lines left out
            assertThat(sink.log()).containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  SinkService - Sink starting: ")
                    .doesNotContain("ConsumerConfig values");
        }
        // every partition's stored offset is exactly the rows landed from it: nothing half-written
        scenario.staging.assertOffsetsMatchRows();
        assertThat(scenario.staging.count("SELECT count(*) FROM staging.rejected_records")).isZero();
        return scenario.staging.events();
    }
}
