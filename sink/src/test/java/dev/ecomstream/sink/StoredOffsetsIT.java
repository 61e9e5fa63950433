package dev.ecomstream.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.sink.testing.ChildSink;
import dev.ecomstream.sink.testing.Publisher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Where a partition's reading starts is decided by the offsets stored in PostgreSQL, and never moved silently:
 * a new partition's start is stored before anything is read, and a stored offset outside the partition's log
 * (retention deleted records that never landed, the topic was recreated) stops that partition until an
 * operator accepts the gap, which is then recorded.
 */
/*
 * "try": a block opened with try (InProcessSink sink = ...) is the time the sink runs; its body talks to the
 * sink only through Kafka and PostgreSQL, as a user would, so the resource is never referenced in it.
 */
@SuppressWarnings("try")
@ExtendWith(DevStackExtension.class)
class StoredOffsetsIT {

    @Test
    @Timeout(120)
    void shouldKeepTheStartOfALatestSinkAcrossARestartBeforeItsFirstBatch(DevStack devStack) throws Exception {
        Scenario scenario = new Scenario(devStack, "events", "latest", 2);
        scenario.publishEvents(0, 100);
        SinkArgs latest = scenario.sinkArgs().with("--start-from", "latest");
        try (InProcessSink sink = InProcessSink.start(latest)) {
            await("both partitions' starts stored").atMost(Duration.ofSeconds(30))
                    .until(() -> scenario.staging.count("SELECT count(*) FROM staging.sink_offsets") == 2);
        }
        assertThat(scenario.staging.count("SELECT sum(next_offset) FROM staging.sink_offsets"))
                .as("the start is the end of the log when the sink first ran").isEqualTo(100);
        scenario.publishEvents(100, 200);
        try (InProcessSink sink = InProcessSink.start(latest)) {
            await("the records published while the sink was stopped landed").atMost(Duration.ofSeconds(30))
                    .until(() -> scenario.staging.events() == 200);
        }
        assertThat(scenario.staging.count("SELECT min(id) FROM staging.events")).isEqualTo(100);
        assertThat(scenario.staging.count("SELECT count(DISTINCT id) FROM staging.events")).isEqualTo(200);
    }

    @Test
    @Timeout(180)
    void shouldStopAPartitionWhoseStoredOffsetRetentionDeletedAndRecordTheGapOnceAccepted(DevStack devStack) throws Exception {
        Scenario scenario = new Scenario(devStack, "events", "deleted", 1);
        TopicPartition partition = new TopicPartition(scenario.topic, 0);
        scenario.publishEvents(0, 50);
        try (InProcessSink sink = InProcessSink.start(scenario.sinkArgs())) {
            await("50 landed").atMost(Duration.ofSeconds(30)).until(() -> scenario.staging.storedOffsets() == 50);
        }
        scenario.publishEvents(50, 150);
        try (Admin admin = scenario.admin()) {
            admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(120))).all().get(30, TimeUnit.SECONDS);
        }

        List<String> args = scenario.sinkArgs().toList();
        try (ChildSink sink = ChildSink.start("gap", args)) {
            await("the stop of the partition reported").atMost(Duration.ofSeconds(60))
                    .until(() -> sink.log().contains("log starts at 120"));
            Thread.sleep(2_000);
            assertThat(sink.isAlive()).as("the sink goes on with its other partitions; log:%n%s", sink.log()).isTrue();
            assertThat(sink.log()).contains(partition.toString()).contains("stored offset 50")
                    .contains("ends at 200").contains("--accept-offset-gaps").doesNotContain("Exception");
            assertThat(scenario.staging.events()).as("nothing read past the gap").isEqualTo(50);
            assertThat(scenario.staging.storedOffsets()).isEqualTo(50);
            assertThat(sink.terminate(Duration.ofSeconds(30))).isEqualTo(143);
        }

        List<String> accepting = scenario.sinkArgs().with("--accept-offset-gaps").toList();
        try (ChildSink sink = ChildSink.start("gap-accepted", accepting)) {
            await("the records after the gap landed").atMost(Duration.ofSeconds(60))
                    .until(() -> scenario.staging.storedOffsets() == 200);
            assertThat(sink.log()).contains("Accepted a gap").contains("offsets 50 to 119");
            assertThat(sink.terminate(Duration.ofSeconds(30))).isEqualTo(143);
        }
        assertThat(scenario.staging.events()).isEqualTo(50 + 80);
        assertThat(scenario.staging.rows("SELECT kafka_partition, from_offset, to_offset, records_skipped "
                + "FROM staging.sink_offset_gaps")).containsExactly(List.of("0", "50", "120", "70"));
    }

    @Test
    @Timeout(180)
    void shouldStopAPartitionWhoseStoredOffsetIsBeyondTheEndOfARecreatedTopic(DevStack devStack) throws Exception {
        Scenario scenario = new Scenario(devStack, "events", "recreated", 1);
        scenario.publishEvents(0, 100);
        try (InProcessSink sink = InProcessSink.start(scenario.sinkArgs())) {
            await("landed").atMost(Duration.ofSeconds(30)).until(() -> scenario.staging.storedOffsets() == 100);
        }
        try (Admin admin = scenario.admin()) {
            admin.deleteTopics(List.of(scenario.topic)).all().get(30, TimeUnit.SECONDS);
        }
        await("the topic created again").atMost(Duration.ofSeconds(30)).until(() -> {
            try {
                devStack.createTopics(List.of(scenario.topic), 1);
                return true;
            } catch (IllegalStateException stillBeingDeleted) {
                return false;
            }
        });
        scenario.publishEvents(1_000, 10);
        try (ChildSink sink = ChildSink.start("recreated", scenario.sinkArgs().toList())) {
            await("the stop of the partition reported").atMost(Duration.ofSeconds(60))
                    .until(() -> sink.log().contains("and ends at 10)"));
            Thread.sleep(2_000);
            assertThat(sink.log()).contains("stored offset 100").contains("recreated").doesNotContain("Exception");
            assertThat(scenario.staging.events()).isEqualTo(100);
            assertThat(scenario.staging.count("SELECT count(*) FROM staging.rejected_records")).isZero();
            assertThat(sink.terminate(Duration.ofSeconds(30))).isEqualTo(143);
        }
    }

    /**
     * A stored offset moved back on purpose is a replay: the records land again (staging keeps both copies; the
     * normaliser keeps the newest version of each key), rejected records are not recorded twice, and the sink
     * goes on.
     */
    @Test
    @Timeout(120)
    void shouldReplayFromAStoredOffsetMovedBack(DevStack devStack) throws Exception {
        Scenario scenario = new Scenario(devStack, "orders", "replay", 1);
        try (Publisher publisher = scenario.publisher()) {
            publisher.send(0, "1", "{\"order_id\":1}");
            publisher.send(0, "bad", "not json");
            publisher.send(0, "2", "{\"order_id\":2}");
            publisher.flush();
            try (InProcessSink sink = InProcessSink.start(scenario.sinkArgs())) {
                await("landed").atMost(Duration.ofSeconds(60))
                        .until(() -> scenario.staging.count("SELECT next_offset FROM staging.sink_offsets") == 3);
            }
            scenario.staging.execute("UPDATE staging.sink_offsets SET next_offset = 0");
            publisher.send(0, "3", "{\"order_id\":3}");
            publisher.flush();
            try (InProcessSink sink = InProcessSink.start(scenario.sinkArgs())) {
                await("replayed").atMost(Duration.ofSeconds(60))
                        .until(() -> scenario.staging.count("SELECT next_offset FROM staging.sink_offsets") == 4);
            }
        }
        assertThat(scenario.staging.rows("SELECT order_id, count(*) FROM staging.orders GROUP BY 1 ORDER BY 1"))
                .containsExactly(List.of("1", "2"), List.of("2", "2"), List.of("3", "1"));
        assertThat(scenario.staging.count("SELECT count(*) FROM staging.rejected_records")).isEqualTo(1);
    }
}
