package dev.ecomstream.sink.offsets;

import org.apache.kafka.common.TopicPartition;

/**
 * The stored position of a partition is not where this instance's batch starts: another instance landed
 * records of it since. The batch's transaction is rolled back and the partition re-read from the stored
 * position; this is how two instances never land the same record.
 */
public final class PartitionFencedException extends RuntimeException {

    private final TopicPartition partition;

    public PartitionFencedException(TopicPartition partition, long expectedOffset) {
        super(String.format("%s: stored position is no longer %d; another instance wrote this partition",
                partition, expectedOffset));
        this.partition = partition;
    }

    public TopicPartition partition() {
        return partition;
    }
}
