package dev.ecomstream.sink.offsets;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The sink's position in each partition, kept in {@code staging.sink_offsets}. A partition's row is created
 * when the partition is first assigned (where reading starts), and from then on moves only inside the
 * transaction that lands the rows, and only by compare-and-set, so an instance that lost a partition (a
 * rebalance, a paused zombie) can never land records that another instance owns.
 */
public final class OffsetStore {

    private static final String READ = "SELECT next_offset FROM staging.sink_offsets WHERE topic = ? AND kafka_partition = ?";
    private static final String ADVANCE = "UPDATE staging.sink_offsets SET next_offset = ?, consumer_group = ?, "
            + "updated_at = now() WHERE topic = ? AND kafka_partition = ? AND next_offset = ?";
    private static final String CLAIM = "INSERT INTO staging.sink_offsets (topic, kafka_partition, next_offset, "
            + "consumer_group) VALUES (?, ?, ?, ?) ON CONFLICT (topic, kafka_partition) DO NOTHING";
    private static final String RECORD_GAP = "INSERT INTO staging.sink_offset_gaps (topic, kafka_partition, "
            + "from_offset, to_offset, records_skipped, reason, consumer_group) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private final String consumerGroup;

    public OffsetStore(String consumerGroup) {
        this.consumerGroup = consumerGroup;
    }

    /** The stored next offset of each partition that has one. */
    public Map<TopicPartition, Long> read(Connection connection, Collection<TopicPartition> partitions)
            throws SQLException {
        Map<TopicPartition, Long> stored = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(READ)) {
            for (TopicPartition partition : partitions) {
                statement.setString(1, partition.topic());
                statement.setInt(2, partition.partition());
                try (ResultSet rows = statement.executeQuery()) {
                    if (rows.next()) {
                        stored.put(partition, rows.getLong(1));
                    }
                }
            }
        }
        return stored;
    }

    /**
     * Stores where a partition with no stored offset starts, unless another instance stored one first (the
     * caller reads it back). Storing the start at once means a restart resumes there, even before the first
     * batch lands: without it, a sink starting from the end of the log would start later on every start.
     */
    public void claim(Connection connection, TopicPartition partition, long start) throws SQLException {
        try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            claim.setString(1, partition.topic());
            claim.setInt(2, partition.partition());
            claim.setLong(3, start);
            claim.setString(4, consumerGroup);
            claim.executeUpdate();
        }
    }

    /**
     * Moves a partition from {@code from} (where this batch starts) to {@code next}, in the caller's transaction.
     *
     * @return false when the stored position is not {@code from}: another instance moved it, or an earlier
     *         attempt of this very batch committed; the caller must roll back
     */
    public boolean advance(Connection connection, TopicPartition partition, long from, long next)
            throws SQLException {
        try (PreparedStatement advance = connection.prepareStatement(ADVANCE)) {
            advance.setLong(1, next);
            advance.setString(2, consumerGroup);
            advance.setString(3, partition.topic());
            advance.setInt(4, partition.partition());
            advance.setLong(5, from);
            return advance.executeUpdate() == 1;
        }
    }

    /**
     * Moves a partition where an operator said ({@code sink offsets reset}), and records the move as a gap, in one
     * transaction of the caller's; a compare-and-set like {@link #advance} (a partition with no stored offset gets
     * one, unless a sink stored one first).
     *
     * @return false when the stored offset is no longer the one the reset expects
     */
    public boolean reset(Connection connection, OffsetReset reset) throws SQLException {
        TopicPartition partition = reset.partition();
        if (reset.storedOffset() == null) {
            try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
                claim.setString(1, partition.topic());
                claim.setInt(2, partition.partition());
                claim.setLong(3, reset.newOffset());
                claim.setString(4, consumerGroup);
                return claim.executeUpdate() == 1;
            }
        }
        if (!advance(connection, partition, reset.storedOffset(), reset.newOffset())) {
            return false;
        }
        recordGap(connection, partition, reset.storedOffset(), reset.newOffset(), reset.recordsSkipped(),
                reset.description());
        return true;
    }

    /**
     * Moves a partition past a gap an operator accepted, and records the gap, in one transaction of the
     * caller's; a compare-and-set like {@link #advance}.
     */
    public boolean skipGap(Connection connection, OffsetGap gap) throws SQLException {
        if (!advance(connection, gap.partition(), gap.storedOffset(), gap.resumeAt())) {
            return false;
        }
        recordGap(connection, gap.partition(), gap.storedOffset(), gap.resumeAt(), gap.recordsSkipped(),
                gap.kind().description);
        return true;
    }

    private void recordGap(Connection connection, TopicPartition partition, long from, long to, long skipped,
                           String reason) throws SQLException {
        try (PreparedStatement record = connection.prepareStatement(RECORD_GAP)) {
            record.setString(1, partition.topic());
            record.setInt(2, partition.partition());
            record.setLong(3, from);
            record.setLong(4, to);
            record.setLong(5, skipped);
            record.setString(6, reason);
            record.setString(7, consumerGroup);
            record.executeUpdate();
        }
    }
}
