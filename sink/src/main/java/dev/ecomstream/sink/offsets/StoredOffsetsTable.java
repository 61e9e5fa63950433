package dev.ecomstream.sink.offsets;

import dev.ecomstream.schema.PostgresOptions;
import dev.ecomstream.schema.SecretMasking;
import dev.ecomstream.sink.failure.SinkFailedException;
import dev.ecomstream.sink.failure.SqlFailureClassifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code staging.sink_offsets} as the {@code sink offsets} commands see it: every stored position, and resets
 * made in one transaction with the same compare-and-set the sink's batches use, so a reset and a batch can
 * never both win.
 */
public final class StoredOffsetsTable {

    /** Topic, then partition number: the order an operator reads them in. */
    public static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private static final String UNDEFINED_TABLE = "42P01";
    private static final String READ_ALL = "SELECT topic, kafka_partition, next_offset FROM staging.sink_offsets";

    private final DataSource dataSource;
    private final String url;

    public StoredOffsetsTable(PostgresOptions postgres) {
        this.dataSource = postgres.dataSource();
        this.url = postgres.url();
    }

    /**
     * Every stored offset, by partition in {@link #ORDER}.
     *
     * @throws SinkFailedException when the table cannot be read, saying what to check
     */
    public Map<TopicPartition, Long> readAll() {
        try {
            return read();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private Map<TopicPartition, Long> read() throws SQLException {
        Map<TopicPartition, Long> stored = new TreeMap<>(ORDER);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(READ_ALL);
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                stored.put(new TopicPartition(rows.getString(1), rows.getInt(2)), rows.getLong(3));
            }
        }
        return stored;
    }

    /**
     * Applies every reset that changes something, all or none, each recorded in {@code staging.sink_offset_gaps}.
     *
     * @throws PartitionFencedException when a stored offset is no longer the one the reset was planned from: a
     *         sink landed a batch meanwhile; nothing was changed
     * @throws SinkFailedException when the table cannot be written, saying what to check
     */
    public void apply(List<OffsetReset> resets, String consumerGroup) {
        try {
            write(resets, consumerGroup);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private SinkFailedException failure(SQLException e) {
        if (UNDEFINED_TABLE.equals(e.getSQLState())) {
            return new SinkFailedException("The database at " + SecretMasking.maskedUrl(url) + " has no "
                    + "staging.sink_offsets: no sink has run against it. To fix: check --pg-url (it must be the "
                    + "sink's database).", e);
        }
        return new SinkFailedException("Could not read or write staging.sink_offsets at " + SecretMasking.maskedUrl(url)
                + ": " + SqlFailureClassifier.firstLine(e) + ". To fix: " + SqlFailureClassifier.advice(e) + ".", e);
    }

    private void write(List<OffsetReset> resets, String consumerGroup) throws SQLException {
        OffsetStore store = new OffsetStore(consumerGroup);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                for (OffsetReset reset : resets) {
                    if (reset.changes() && !store.reset(connection, reset)) {
                        Map<TopicPartition, Long> now = store.read(connection, List.of(reset.partition()));
                        connection.rollback();
                        throw new PartitionFencedException(reset.partition(),
                                reset.storedOffset() == null ? -1 : reset.storedOffset(), now);
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}
