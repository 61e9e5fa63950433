package dev.ecomstream.sink.rejected;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** {@code staging.rejected_records} as the operator's export reads it and the replay marks it (V003, V017). */
final class RejectedRecordsTable {

    private static final String NOT_REPLAYED = "SELECT rejected_id, kafka_topic, kafka_partition, kafka_offset, "
            + "record_key, record_value, reason, rejected_at FROM staging.rejected_records "
            + "WHERE replayed_at IS NULL AND (cardinality(?::text[]) = 0 OR kafka_topic = ANY (?::text[])) "
            + "ORDER BY rejected_id";
    private static final String LOCK = "SELECT kafka_topic, replayed_at, replayed_partition, replayed_offset "
            + "FROM staging.rejected_records WHERE rejected_id = ? FOR UPDATE";
    private static final String MARK = "UPDATE staging.rejected_records SET replayed_at = now(), "
            + "replayed_partition = ?, replayed_offset = ? WHERE rejected_id = ?";

    /** A record the sink could not land, as it was rejected. */
    record Rejected(long id, String topic, int partition, long offset, byte[] key, byte[] value, String reason,
                    OffsetDateTime rejectedAt) {
    }

    /** Where and when a rejected record's fixed version was published. */
    record Replay(String topic, OffsetDateTime at, Integer partition, Long offset) {

        boolean done() {
            return at != null;
        }
    }

    private RejectedRecordsTable() {
    }

    /** The rejected records not replayed yet, of these topics (all topics when empty), oldest first. */
    static List<Rejected> notReplayed(DataSource dataSource, Collection<String> topics) throws SQLException {
        List<Rejected> rejected = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(NOT_REPLAYED)) {
            java.sql.Array topicArray = connection.createArrayOf("text", topics.toArray());
            statement.setArray(1, topicArray);
            statement.setArray(2, topicArray);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    rejected.add(new Rejected(rows.getLong(1), rows.getString(2), rows.getInt(3), rows.getLong(4),
                            rows.getBytes(5), rows.getBytes(6), rows.getString(7),
                            rows.getObject(8, OffsetDateTime.class)));
                }
            }
        }
        return rejected;
    }

    /**
     * Locks the rejected record's row until the transaction ends, so that a concurrent replay of the same record
     * waits and then finds it replayed. Empty when there is no such row.
     */
    static Optional<Replay> lock(Connection connection, long rejectedId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(LOCK)) {
            statement.setLong(1, rejectedId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Replay(row.getString(1), row.getObject(2, OffsetDateTime.class),
                        (Integer) row.getObject(3), (Long) row.getObject(4)));
            }
        }
    }

    static void markReplayed(Connection connection, long rejectedId, int partition, long offset) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(MARK)) {
            statement.setInt(1, partition);
            statement.setLong(2, offset);
            statement.setLong(3, rejectedId);
            statement.executeUpdate();
        }
    }
}
