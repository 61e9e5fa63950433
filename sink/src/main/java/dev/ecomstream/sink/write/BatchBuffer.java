package dev.ecomstream.sink.write;

import dev.ecomstream.sink.decode.DecodedRecord;
import dev.ecomstream.sink.decode.KafkaCoordinates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Collects decoded records until a batch is due, by row count, bytes or age. Pure bookkeeping with no JDBC,
 * so when to flush is decided (and tested) apart from how to write.
 */
public final class BatchBuffer {

    private final int maxRows;
    private final long maxBytes;
    private final long maxAgeNanos;
    private final List<DecodedRecord> records = new ArrayList<>();
    private final Map<TopicPartition, Long> nextOffsets = new LinkedHashMap<>();
    private final Map<TopicPartition, Long> firstOffsets = new LinkedHashMap<>();
    private long bytes;
    private long firstAddedAtNanos;

    public BatchBuffer(int maxRows, long maxBytes, Duration maxAge) {
        if (maxRows < 1 || maxBytes < 1 || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("batch limits must be positive");
        }
        this.maxRows = maxRows;
        this.maxBytes = maxBytes;
        this.maxAgeNanos = maxAge.toNanos();
    }

    public void add(DecodedRecord record, long sizeInBytes, long nowNanos) {
        KafkaCoordinates at = record.coordinates();
        add(record, new TopicPartition(at.topic(), at.partition()), sizeInBytes, nowNanos);
    }

    /** Adds a record of {@code partition}; records of a partition must come in offset order. */
    public void add(DecodedRecord record, TopicPartition partition, long sizeInBytes, long nowNanos) {
        if (records.isEmpty()) {
            firstAddedAtNanos = nowNanos;
        }
        records.add(record);
        bytes += sizeInBytes;
        long offset = record.coordinates().offset();
        firstOffsets.putIfAbsent(partition, offset);
        nextOffsets.put(partition, offset + 1);
    }

    /** True when the batch reached its row or byte limit, or its oldest record its age limit. */
    public boolean isDue(long nowNanos) {
        return !records.isEmpty()
                && (records.size() >= maxRows || bytes >= maxBytes || nowNanos - firstAddedAtNanos >= maxAgeNanos);
    }

    /** Drops the records of partitions this instance no longer owns; they will be read again by their new owner. */
    public void discard(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty() || records.isEmpty()) {
            return;
        }
        records.removeIf(r -> partitions.contains(
                new TopicPartition(r.coordinates().topic(), r.coordinates().partition())));
        partitions.forEach(p -> {
            nextOffsets.remove(p);
            firstOffsets.remove(p);
        });
        if (records.isEmpty()) {
            bytes = 0;
        }
    }

    public Batch drain() {
        Batch batch = new Batch(List.copyOf(records), Map.copyOf(firstOffsets), Map.copyOf(nextOffsets));
        records.clear();
        firstOffsets.clear();
        nextOffsets.clear();
        bytes = 0;
        return batch;
    }

    public boolean isEmpty() {
        return records.isEmpty();
    }

    public int size() {
        return records.size();
    }

    /**
     * A closed batch.
     *
     * @param firstOffsets the offset of the first record of each partition in the batch
     * @param nextOffsets  the offset after the last record of each partition in the batch
     */
    public record Batch(List<DecodedRecord> records, Map<TopicPartition, Long> firstOffsets,
                        Map<TopicPartition, Long> nextOffsets) {

        /** This batch without the records of {@code partitions} (lost to another instance meanwhile). */
        public Batch without(Collection<TopicPartition> partitions) {
            if (partitions.stream().noneMatch(nextOffsets::containsKey)) {
                return this;
            }
            Map<TopicPartition, Long> first = new LinkedHashMap<>(firstOffsets);
            Map<TopicPartition, Long> next = new LinkedHashMap<>(nextOffsets);
            partitions.forEach(p -> {
                first.remove(p);
                next.remove(p);
            });
            List<DecodedRecord> kept = records.stream()
                    .filter(r -> !partitions.contains(new TopicPartition(r.coordinates().topic(),
                            r.coordinates().partition())))
                    .toList();
            return new Batch(kept, Map.copyOf(first), Map.copyOf(next));
        }
    }
}
