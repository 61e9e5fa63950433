package dev.ecomstream.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.sink.testing.ChildSink;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test (1): the packaged sink, as a child JVM, is killed with SIGKILL at random moments of a 100,000-record
 * load and restarted each time; at the end every record is in staging exactly once, with its content.
 */
@ExtendWith(DevStackExtension.class)
class CrashSafetyIT {

    private static final Logger log = LoggerFactory.getLogger(CrashSafetyIT.class);
    private static final int RECORDS = 100_000;
    private static final int KILLS = 6;

    @Test
    @Timeout(240)
    void shouldLandEveryRecordExactlyOnceThoughKilledRepeatedly(DevStack devStack) throws Exception {
        Scenario scenario = new Scenario(devStack, "events", "crash", 4);
        scenario.publishEvents(0, RECORDS);
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<String> args = scenario.sinkArgs()
                .with("--batch-rows", "2000")
                .with("--batch-max-age-ms", "200")
                .toList();
        int killsMidLoad = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            // a random point in this kill's share of the load, then a random few milliseconds more
            long target = RECORDS * (kill - 1L) / (KILLS + 1) + random.nextInt(RECORDS / (KILLS + 1));
            try (ChildSink sink = ChildSink.start("crash", args)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (scenario.staging.events() < target && System.nanoTime() < deadline && sink.isAlive()) {
                    Thread.sleep(20);
                }
                assertThat(sink.isAlive()).as("sink alive before kill %d; log:%n%s", kill, sink.log()).isTrue();
                Thread.sleep(random.nextInt(150));
                sink.kill();
            }
            long landed = scenario.staging.events();
            log.info("SIGKILL {} at {} landed rows (target {})", kill, landed, target);
            if (landed < RECORDS) {
                killsMidLoad++;
            }
        }
        try (ChildSink sink = ChildSink.start("crash", args)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (scenario.staging.storedOffsets() < RECORDS
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(sink.terminate(Duration.ofSeconds(30))).as("exit code after SIGTERM; log:%n%s", sink.log())
                    .isEqualTo(143);
        }
        assertThat(killsMidLoad).as("kills while records were still landing (seed %d)", seed).isGreaterThanOrEqualTo(5);
        scenario.staging.assertEventsExactlyOnce(RECORDS);
    }

    /*
     * A SIGKILLed member never leaves its group; a new member would wait for the dead one's session to expire
     * (45 s by default) before any partition is assigned again. The restarted sink is the same member
     * (static membership), so it takes its partitions back at once.
     */
    @Test
    @Timeout(120)
    void shouldResumeRightAfterASigkillWithoutWaitingForTheDeadSessionToExpire(DevStack devStack) throws Exception {
        Scenario scenario = new Scenario(devStack, "events", "resume", 3);
        scenario.publishEvents(0, 20_000);
        List<String> args = scenario.sinkArgs().with("--batch-rows", "500").toList();
        try (ChildSink sink = ChildSink.start("resume", args)) {
            await("some landed").atMost(Duration.ofSeconds(60)).until(() -> scenario.staging.events() >= 2_000);
            sink.kill();
        }
        long landed = scenario.staging.events();
        try (ChildSink sink = ChildSink.start("resume", args)) {
            long started = System.nanoTime();
            await("landing again after the restart").atMost(Duration.ofSeconds(40))
                    .until(() -> scenario.staging.events() > landed);
            Duration resumedAfter = Duration.ofNanos(System.nanoTime() - started);
            log.info("Resumed {} ms after the restart", resumedAfter.toMillis());
            assertThat(resumedAfter).as("resumed well before the dead member's 45 s session expired; log:%n%s",
                    sink.log()).isLessThan(Duration.ofSeconds(30));
            await("all landed").atMost(Duration.ofSeconds(60)).until(() -> scenario.staging.storedOffsets() == 20_000);
            assertThat(sink.terminate(Duration.ofSeconds(30))).isEqualTo(143);
        }
        scenario.staging.assertEventsExactlyOnce(20_000);
    }
}
