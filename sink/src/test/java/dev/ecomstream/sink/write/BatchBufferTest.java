package dev.ecomstream.sink.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.sink.decode.KafkaCoordinates;
import dev.ecomstream.sink.decode.RawRecord;
import dev.ecomstream.sink.decode.RecordRejection;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BatchBufferTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldBeDueByRowCount() {
        BatchBuffer buffer = new BatchBuffer(3, 1_000_000, Duration.ofSeconds(10));
        buffer.add(record("t", 0, 0), 10, 0);
        buffer.add(record("t", 0, 1), 10, 0);
        assertThat(buffer.isDue(0)).isFalse();
        buffer.add(record("t", 0, 2), 10, 0);
        assertThat(buffer.isDue(0)).isTrue();
    }

    @Test
    void shouldBeDueByBytesAndByAgeOfTheFirstRecord() {
        BatchBuffer bySize = new BatchBuffer(100, 25, Duration.ofSeconds(10));
        bySize.add(record("t", 0, 0), 20, 0);
        assertThat(bySize.isDue(0)).isFalse();
        bySize.add(record("t", 0, 1), 20, 0);
        assertThat(bySize.isDue(0)).isTrue();

        BatchBuffer byAge = new BatchBuffer(100, 1000, Duration.ofSeconds(1));
        byAge.add(record("t", 0, 0), 1, 5 * SECOND);
        byAge.add(record("t", 0, 1), 1, 5 * SECOND + SECOND / 2);
        assertThat(byAge.isDue(5 * SECOND + SECOND / 2)).isFalse();
        assertThat(byAge.isDue(6 * SECOND)).isTrue();
    }

    @Test
    void shouldNeverBeDueWhenEmpty() {
        assertThat(new BatchBuffer(1, 1, Duration.ofMillis(1)).isDue(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void shouldTrackFirstAndNextOffsetPerPartition() {
        BatchBuffer buffer = new BatchBuffer(100, 1000, Duration.ofSeconds(1));
        buffer.add(record("a", 0, 10), 1, 0);
        buffer.add(record("a", 1, 3), 1, 0);
        buffer.add(record("a", 0, 11), 1, 0);
        BatchBuffer.Batch batch = buffer.drain();
        assertThat(batch.firstOffsets()).containsEntry(new TopicPartition("a", 0), 10L)
                .containsEntry(new TopicPartition("a", 1), 3L);
        assertThat(batch.nextOffsets()).containsEntry(new TopicPartition("a", 0), 12L)
                .containsEntry(new TopicPartition("a", 1), 4L);
        assertThat(buffer.isEmpty()).isTrue();
    }

    @Test
    void shouldDiscardEverythingOfARevokedPartition() {
        BatchBuffer buffer = new BatchBuffer(100, 1000, Duration.ofSeconds(1));
        buffer.add(record("a", 0, 10), 1, 0);
        buffer.add(record("a", 1, 3), 1, 0);
        buffer.discard(List.of(new TopicPartition("a", 1)));
        BatchBuffer.Batch batch = buffer.drain();
        assertThat(batch.records()).hasSize(1);
        assertThat(batch.nextOffsets()).containsOnlyKeys(new TopicPartition("a", 0));
    }

    private static RecordRejection record(String topic, int partition, long offset) {
        return new RecordRejection(new KafkaCoordinates(topic, partition, offset), new RawRecord(null, null), "test");
    }
}
