package dev.ecomstream.sink.write;

import dev.ecomstream.schema.Entity;
import dev.ecomstream.sink.decode.DecodedRecord;
import dev.ecomstream.sink.decode.RecordRejection;
import dev.ecomstream.sink.decode.StagingRow;
import dev.ecomstream.sink.offsets.OffsetStore;
import dev.ecomstream.sink.write.BatchBuffer.Batch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Lands a batch in one transaction: COPY into each entity's staging table, the rejected records, and the next
 * offset of every partition of the batch. Either all of it commits or none of it does, which is what makes a
 * crash at any point lose nothing and duplicate nothing.
 *
 * <p>When PostgreSQL refuses a value, the entity's rows are bisected under savepoints until the refused rows
 * are found; those are rejected with the database's message and the rest land in the same transaction.
 */
public final class StagingBatchWriter {

    private static final String INSERT_REJECTED = "INSERT INTO staging.rejected_records "
            + "(kafka_topic, kafka_partition, kafka_offset, record_key, record_value, reason) VALUES (?, ?, ?, ?, ?, ?)";

    private final DataSource dataSource;
    private final OffsetStore offsetStore;
    /** Reused for every COPY; the writer is used by the poll thread only. */
    private final CopyRowEncoder encoder = new CopyRowEncoder(1 << 16);

    public StagingBatchWriter(DataSource dataSource, OffsetStore offsetStore) {
        this.dataSource = dataSource;
        this.offsetStore = offsetStore;
    }

    /**
     * Writes and commits the batch.
     *
     * @param startPositions where each partition of the batch starts, as stored after the previous batch
     *                       (the compare-and-set's expected value); a partition missing here starts at its
     *                       first record
     * @throws SQLException for a failure the caller must classify (retry, or stop)
     * @throws dev.ecomstream.sink.offsets.PartitionFencedException when another instance owns a partition now
     */
    public BatchOutcome write(Batch batch, Map<TopicPartition, Long> startPositions) throws SQLException {
        Map<Entity, List<StagingRow>> rowsByEntity = new EnumMap<>(Entity.class);
        List<RecordRejection> rejections = new ArrayList<>();
        for (DecodedRecord record : batch.records()) {
            if (record instanceof StagingRow row) {
                rowsByEntity.computeIfAbsent(row.entity(), e -> new ArrayList<>()).add(row);
            } else {
                rejections.add((RecordRejection) record);
            }
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                // The fence first: it locks the partitions' offset rows, so a batch that another instance has
                // overtaken fails before any COPY work, and two writers of one partition queue up here instead
                // of both copying and one failing on the unique coordinates at the end.
                for (var partition : batch.nextOffsets().entrySet()) {
                    long start = startPositions.getOrDefault(partition.getKey(),
                            batch.firstOffsets().get(partition.getKey()));
                    offsetStore.advance(connection, partition.getKey(), start, partition.getValue());
                }
                Map<Entity, Integer> landed = new EnumMap<>(Entity.class);
                CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
                for (var entry : rowsByEntity.entrySet()) {
                    landed.put(entry.getKey(), copyIsolatingRefusedRows(connection, copy, entry.getKey(),
                            entry.getValue(), rejections));
                }
                insertRejections(connection, rejections);
                connection.commit();
                return new BatchOutcome(landed, rejections);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        }
    }

    /** COPYs the rows; rows PostgreSQL refuses are moved to {@code rejections}. Returns the rows landed. */
    private int copyIsolatingRefusedRows(Connection connection, CopyManager copy, Entity entity,
                                         List<StagingRow> rows, List<RecordRejection> rejections)
            throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try {
            copyRows(copy, entity, rows);
            connection.releaseSavepoint(savepoint);
            return rows.size();
        } catch (SQLException e) {
            if (SqlFailureClassifier.classify(e) != SqlFailureClassifier.Reaction.ISOLATE_ROWS) {
                throw e;
            }
            connection.rollback(savepoint);
            if (rows.size() == 1) {
                StagingRow row = rows.get(0);
                rejections.add(new RecordRejection(row.coordinates(), row.source(),
                        "PostgreSQL refused the row: " + firstLine(e.getMessage())));
                return 0;
            }
            int half = rows.size() / 2;
            return copyIsolatingRefusedRows(connection, copy, entity, rows.subList(0, half), rejections)
                    + copyIsolatingRefusedRows(connection, copy, entity, rows.subList(half, rows.size()), rejections);
        }
    }

    private void copyRows(CopyManager copy, Entity entity, List<StagingRow> rows) throws SQLException {
        CopyIn in = copy.copyIn(CopyRowEncoder.copyStatement(entity));
        try {
            encoder.start(in::writeToCopy);
            for (StagingRow row : rows) {
                encoder.append(row);
            }
            encoder.finish();
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    private static void insertRejections(Connection connection, List<RecordRejection> rejections)
            throws SQLException {
        if (rejections.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_REJECTED)) {
            for (RecordRejection rejection : rejections) {
                insert.setString(1, rejection.coordinates().topic());
                insert.setInt(2, rejection.coordinates().partition());
                insert.setLong(3, rejection.coordinates().offset());
                insert.setBytes(4, rejection.source().key());
                insert.setBytes(5, rejection.source().value());
                insert.setString(6, rejection.reason());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** What a committed batch landed. */
    public record BatchOutcome(Map<Entity, Integer> landedByEntity, List<RecordRejection> rejections) {

        public int landed() {
            return landedByEntity.values().stream().mapToInt(Integer::intValue).sum();
        }
    }
}
