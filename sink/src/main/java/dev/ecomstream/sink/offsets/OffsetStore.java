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
 * The sink's position in each partition, kept in {@code staging.sink_offsets}. Positions move only inside the
 * transaction that lands the rows, and only by compare-and-set, so an instance that lost a partition (a
 * rebalance, a paused zombie) can never land records that another instance owns.
 */
public final class OffsetStore {

    private static final String READ = "SELECT next_offset FROM staging.sink_offsets WHERE topic = ? AND kafka_partition = ?";
    private static final String ADVANCE = "UPDATE staging.sink_offsets SET next_offset = ?, consumer_group = ?, "
            + "updated_at = now() WHERE topic = ? AND kafka_partition = ? AND next_offset = ?";
    private static final String CLAIM = "INSERT INTO staging.sink_offsets (topic, kafka_partition, next_offset, "
            + "consumer_group) VALUES (?, ?, ?, ?) ON CONFLICT (topic, kafka_partition) DO NOTHING";

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
     * Moves a partition from {@code firstOffset} (where this batch starts) to {@code nextOffset}, in the
     * caller's transaction.
     *
     * @throws PartitionFencedException when the stored position is not {@code firstOffset}: another instance
     *                                  moved it, and the caller must roll back
     */
    public void advance(Connection connection, TopicPartition partition, long firstOffset, long nextOffset)
            throws SQLException {
        try (PreparedStatement advance = connection.prepareStatement(ADVANCE)) {
            advance.setLong(1, nextOffset);
            advance.setString(2, consumerGroup);
            advance.setString(3, partition.topic());
            advance.setInt(4, partition.partition());
            advance.setLong(5, firstOffset);
            if (advance.executeUpdate() == 1) {
                return;
            }
        }
        // No row moved: either nothing is stored yet (claim it), or another instance holds another position.
        try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            claim.setString(1, partition.topic());
            claim.setInt(2, partition.partition());
            claim.setLong(3, nextOffset);
            claim.setString(4, consumerGroup);
            if (claim.executeUpdate() == 1) {
                return;
            }
        }
        throw new PartitionFencedException(partition, firstOffset);
    }
}
