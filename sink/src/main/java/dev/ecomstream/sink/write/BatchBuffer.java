package dev.ecomstream.sink.write;

import dev.ecomstream.sink.decode.DecodedRecord;
import dev.ecomstream.sink.decode.KafkaCoordinates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Collects decoded records until a batch is due, by row count, bytes or age, and chains the batches of each
 * partition: a batch starts where the previous batch of its partition ended (or where the partition was
 * positioned), and its compare-and-set expects exactly that stored offset. So a batch can only commit after every
 * earlier batch of its partitions did; if one of them is given up, the ones after it are refused, never land past
 * a hole. Pure bookkeeping with no JDBC, so when to flush is decided (and tested) apart from how to write.
 */
public final class BatchBuffer {

    private final int maxRows;
    private final long maxBytes;
    private final long maxAgeNanos;
    private final List<DecodedRecord> records = new ArrayList<>();
    private final Map<TopicPartition, Long> nextOffsets = new LinkedHashMap<>();
    /** Per partition being read: the stored offset the next batch of it will expect. */
    private final Map<TopicPartition, Long> readFrom = new HashMap<>();
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

    /**
     * The partition is read from its stored offset {@code stored} on: its next batch expects that offset. Any
     * record of it still buffered was read from an older position and is dropped.
     */
    public void startReading(TopicPartition partition, long stored) {
        discard(List.of(partition));
        readFrom.put(partition, stored);
    }

    /** Whether records of the partition are expected (it was positioned and not discarded since). */
    public boolean isReading(TopicPartition partition) {
        return readFrom.containsKey(partition);
    }

    public void add(DecodedRecord record, long sizeInBytes, long nowNanos) {
        KafkaCoordinates at = record.coordinates();
        add(record, new TopicPartition(at.topic(), at.partition()), sizeInBytes, nowNanos);
    }

    /**
     * Adds a record of {@code partition}; records of a partition must come in offset order.
     *
     * @throws IllegalStateException when the partition is not being read ({@link #startReading} first)
     */
    public void add(DecodedRecord record, TopicPartition partition, long sizeInBytes, long nowNanos) {
        if (!readFrom.containsKey(partition)) {
            throw new IllegalStateException("a record of " + partition + " arrived before the partition was positioned");
        }
        if (records.isEmpty()) {
            firstAddedAtNanos = nowNanos;
        }
        records.add(record);
        bytes += sizeInBytes;
        nextOffsets.put(partition, record.coordinates().offset() + 1);
    }

    /** True when the batch reached its row or byte limit, or its oldest record its age limit. */
    public boolean isDue(long nowNanos) {
        return !records.isEmpty()
                && (records.size() >= maxRows || bytes >= maxBytes || nowNanos - firstAddedAtNanos >= maxAgeNanos);
    }

    /**
     * Forgets the partitions: their buffered records go, and no record of them is accepted until they are
     * positioned again. For partitions this instance lost, and for partitions whose earlier batch did not land
     * (their records will be read again from the stored offsets).
     */
    public void discard(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        partitions.forEach(readFrom::remove);
        if (records.isEmpty()) {
            return;
        }
        records.removeIf(r -> partitions.contains(
                new TopicPartition(r.coordinates().topic(), r.coordinates().partition())));
        partitions.forEach(nextOffsets::remove);
        if (records.isEmpty()) {
            bytes = 0;
        }
    }

    /** Closes the batch; the next batch of each of its partitions starts where this one ends. */
    public Batch drain() {
        Map<TopicPartition, Long> from = new LinkedHashMap<>();
        nextOffsets.keySet().forEach(partition -> from.put(partition, readFrom.get(partition)));
        Batch batch = new Batch(List.copyOf(records), Map.copyOf(from), Map.copyOf(nextOffsets));
        readFrom.putAll(nextOffsets);
        records.clear();
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
     * @param fromOffsets the stored offset of each partition the batch's compare-and-set expects: where the
     *                    previous batch of the partition ended, or where the partition was positioned
     * @param nextOffsets the offset after the last record of each partition in the batch
     */
    public record Batch(List<DecodedRecord> records, Map<TopicPartition, Long> fromOffsets,
                        Map<TopicPartition, Long> nextOffsets) {

        /** This batch without the records of {@code partitions} (lost to another instance meanwhile). */
        public Batch without(Collection<TopicPartition> partitions) {
            if (partitions.stream().noneMatch(nextOffsets::containsKey)) {
                return this;
            }
            Map<TopicPartition, Long> from = new LinkedHashMap<>(fromOffsets);
            Map<TopicPartition, Long> next = new LinkedHashMap<>(nextOffsets);
            partitions.forEach(p -> {
                from.remove(p);
                next.remove(p);
            });
            List<DecodedRecord> kept = records.stream()
                    .filter(r -> !partitions.contains(new TopicPartition(r.coordinates().topic(),
                            r.coordinates().partition())))
                    .toList();
            return new Batch(kept, Map.copyOf(from), Map.copyOf(next));
        }
    }
}
