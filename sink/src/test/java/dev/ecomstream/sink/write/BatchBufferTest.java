package dev.ecomstream.sink.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        buffer.startReading(new TopicPartition("t", 0), 0);
        buffer.add(record("t", 0, 0), 10, 0);
        buffer.add(record("t", 0, 1), 10, 0);
        assertThat(buffer.isDue(0)).isFalse();
        buffer.add(record("t", 0, 2), 10, 0);
        assertThat(buffer.isDue(0)).isTrue();
    }

    @Test
    void shouldBeDueByBytesAndByAgeOfTheFirstRecord() {
        BatchBuffer bySize = new BatchBuffer(100, 25, Duration.ofSeconds(10));
        bySize.startReading(new TopicPartition("t", 0), 0);
        bySize.add(record("t", 0, 0), 20, 0);
        assertThat(bySize.isDue(0)).isFalse();
        bySize.add(record("t", 0, 1), 20, 0);
        assertThat(bySize.isDue(0)).isTrue();

        BatchBuffer byAge = new BatchBuffer(100, 1000, Duration.ofSeconds(1));
        byAge.startReading(new TopicPartition("t", 0), 0);
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
    void shouldChainEachPartitionsBatchesFromItsStoredOffset() {
        BatchBuffer buffer = reading(new BatchBuffer(100, 1000, Duration.ofSeconds(1)));
        // a gap (a transaction marker, a compacted record) between the stored offset and the first record
        buffer.add(record("a", 0, 10), 1, 0);
        buffer.add(record("a", 1, 3), 1, 0);
        buffer.add(record("a", 0, 11), 1, 0);
        BatchBuffer.Batch first = buffer.drain();
        assertThat(first.fromOffsets()).containsEntry(A0, 8L).containsEntry(A1, 3L);
        assertThat(first.nextOffsets()).containsEntry(A0, 12L).containsEntry(A1, 4L);
        assertThat(buffer.isEmpty()).isTrue();

        buffer.add(record("a", 0, 12), 1, 0);
        BatchBuffer.Batch second = buffer.drain();
        assertThat(second.fromOffsets()).as("starts where the first ends, landed or not").containsOnly(
                java.util.Map.entry(A0, 12L));
    }

    @Test
    void shouldRefuseRecordsOfAPartitionNotPositionedAndForgetADiscardedOnesChain() {
        BatchBuffer buffer = reading(new BatchBuffer(100, 1000, Duration.ofSeconds(1)));
        buffer.add(record("a", 0, 10), 1, 0);
        buffer.drain();
        buffer.discard(List.of(A0));
        assertThat(buffer.isReading(A0)).isFalse();
        assertThatThrownBy(() -> buffer.add(record("a", 0, 11), 1, 0)).isInstanceOf(IllegalStateException.class);
        buffer.startReading(A0, 8);
        buffer.add(record("a", 0, 8), 1, 0);
        assertThat(buffer.drain().fromOffsets()).containsEntry(A0, 8L);
    }

    @Test
    void shouldDiscardEverythingOfARevokedPartition() {
        BatchBuffer buffer = reading(new BatchBuffer(100, 1000, Duration.ofSeconds(1)));
        buffer.add(record("a", 0, 10), 1, 0);
        buffer.add(record("a", 1, 3), 1, 0);
        buffer.discard(List.of(new TopicPartition("a", 1)));
        BatchBuffer.Batch batch = buffer.drain();
        assertThat(batch.records()).hasSize(1);
        assertThat(batch.nextOffsets()).containsOnlyKeys(new TopicPartition("a", 0));
    }

    private static final TopicPartition A0 = new TopicPartition("a", 0);
    private static final TopicPartition A1 = new TopicPartition("a", 1);

    private static BatchBuffer reading(BatchBuffer buffer) {
        buffer.startReading(A0, 8);
        buffer.startReading(A1, 3);
        return buffer;
    }

    private static RecordRejection record(String topic, int partition, long offset) {
        return new RecordRejection(new KafkaCoordinates(topic, partition, offset), new RawRecord(null, null), "test");
    }
}
