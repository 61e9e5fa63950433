package dev.ecomstream.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.sink.testing.TcpProxy;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An operator stops the sink while PostgreSQL is down and a batch waits for its retry; PostgreSQL comes back
 * while the sink is stopping. The waiting batch is given up, and nothing written after it may move its
 * partitions' stored offsets past its records: after a restart every record is in staging exactly once.
 */
/*
 * "try": a block opened with try (InProcessSink sink = ...) is the time the sink runs; its body talks to the
 * sink only through Kafka and PostgreSQL, as a user would, so the resource is never referenced in it.
 */
@SuppressWarnings("try")
@ExtendWith(DevStackExtension.class)
class StopDuringOutageIT {

    @Test
    @Timeout(180)
    void shouldLoseNothingWhenStoppedWhileABatchWaitsForPostgres(DevStack devStack) throws Exception {
        int records = 30_000;
        Scenario scenario = new Scenario(devStack, "events", "stopoutage", 3);
        scenario.publishEvents(0, records);
        try (TcpProxy postgres = TcpProxy.start(devStack.postgres().port())) {
            InProcessSink sink = InProcessSink.start(scenario.sinkArgs().withPostgresThrough(postgres)
                    .with("--batch-rows", "300").withHttpOnAnyPort());
            int port = sink.service().httpPort();
            await("some landed").atMost(Duration.ofSeconds(60)).until(() -> scenario.staging.events() >= 3_000);
            postgres.cut();
            // after the third failed attempt the sink waits 4 s: PostgreSQL is back and the stop comes inside it
            await("a batch retried three times").atMost(Duration.ofSeconds(60))
                    .until(() -> Double.parseDouble(
                            OutagesIT.metric(OutagesIT.get(port, "/metrics"), "sink_batch_retries_total")) >= 3);
            postgres.restore();
            sink.close();
        }
        assertThat(scenario.staging.events()).isLessThan(records);
        scenario.staging.assertOffsetsMatchRows();

        try (InProcessSink sink = InProcessSink.start(scenario.sinkArgs())) {
            await("every record landed after the restart").atMost(Duration.ofSeconds(60))
                    .until(() -> scenario.staging.storedOffsets() == records);
        }
        scenario.staging.assertEventsExactlyOnce(records);
    }
}
