package dev.ecomstream.sink.offsets;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The stored position of a partition is not where a batch starts, so the batch's transaction is rolled back:
 * another instance landed records of the partition since (the fence that keeps two instances from landing the
 * same record), or an earlier attempt of this same batch committed and its acknowledgement was lost. The stored
 * offsets of all the batch's partitions, read in the refused transaction, tell which.
 */
public final class PartitionFencedException extends RuntimeException {

    private final TopicPartition partition;
    private final long expected;
    private final Map<TopicPartition, Long> stored;

    public PartitionFencedException(TopicPartition partition, long expected, Map<TopicPartition, Long> stored) {
        super(String.format("%s: the stored offset is %s, not %d where the batch starts", partition,
                stored.get(partition), expected));
        this.partition = partition;
        this.expected = expected;
        this.stored = Map.copyOf(stored);
    }

    public TopicPartition partition() {
        return partition;
    }

    public long expected() {
        return expected;
    }

    /** The stored offset of every partition of the refused batch. */
    public Map<TopicPartition, Long> stored() {
        return stored;
    }
}
