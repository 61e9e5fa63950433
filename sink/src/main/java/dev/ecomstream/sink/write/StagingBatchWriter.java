package dev.ecomstream.sink.write;

import dev.ecomstream.schema.Entity;
import dev.ecomstream.sink.decode.DecodedRecord;
import dev.ecomstream.sink.decode.KafkaCoordinates;
import dev.ecomstream.sink.decode.RawRecord;
import dev.ecomstream.sink.decode.RecordRejection;
import dev.ecomstream.sink.decode.StagingRow;
import dev.ecomstream.sink.failure.SqlFailureClassifier;
import dev.ecomstream.sink.offsets.OffsetStore;
import dev.ecomstream.sink.offsets.PartitionFencedException;
import dev.ecomstream.sink.write.BatchBuffer.Batch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLException;

/**
 * Lands a batch in one transaction: COPY into each entity's staging table, the rejected records, and the next
 * offset of every partition of the batch. Either all of it commits or none of it does, which is what makes a
 * crash at any point lose nothing and duplicate nothing.
 *
 * <p>When PostgreSQL refuses a value, the row it names (the COPY line in the error's context) is rejected with the
 * database's message and the others are copied again, under savepoints, until all have landed or been rejected;
 * an error that names no line is narrowed down by bisecting the rows. All of it is one transaction.
 */
public final class StagingBatchWriter {

    /** PostgreSQL's context line for an error in COPY FROM: the table, then the 1-based line of the input. */
    private static final Pattern COPY_LINE = Pattern.compile("\\bCOPY [^\\n]*?, line (\\d+)");
    private static final String SELECT_REJECTED = "SELECT kafka_offset, record_key, record_value, reason "
            + "FROM staging.rejected_records WHERE kafka_topic = ? AND kafka_partition = ? AND kafka_offset >= ? "
            + "AND kafka_offset < ?";
    private static final String INSERT_REJECTED = "INSERT INTO staging.rejected_records "
            + "(kafka_topic, kafka_partition, kafka_offset, record_key, record_value, reason) VALUES (?, ?, ?, ?, ?, ?) "
            // a replay (a stored offset moved back) rejects the same records again: they are already kept
            + "ON CONFLICT (kafka_topic, kafka_partition, kafka_offset) DO NOTHING";

    private final DataSource dataSource;
    private final OffsetStore offsetStore;
    /** Reused for every COPY: one batch is written at a time (in the background, or a retry on the poll thread). */
    private final CopyRowEncoder encoder = new CopyRowEncoder(1 << 16);

    public StagingBatchWriter(DataSource dataSource, OffsetStore offsetStore) {
        this.dataSource = dataSource;
        this.offsetStore = offsetStore;
    }

    /**
     * Writes and commits the batch.
     *
     * @throws SQLException for a failure the caller must classify (retry, or stop)
     * @throws PartitionFencedException when a partition's stored offset is not where the batch starts
     */
    public BatchOutcome write(Batch batch) throws SQLException {
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
                // of both copying and one failing on the unique coordinates at the end. Always in the same order:
                // two writers locking overlapping partitions in different orders would deadlock, not queue.
                for (TopicPartition partition : inLockOrder(batch.nextOffsets().keySet())) {
                    long from = batch.fromOffsets().get(partition);
                    if (!offsetStore.advance(connection, partition, from, batch.nextOffsets().get(partition))) {
                        throw new PartitionFencedException(partition, from,
                                offsetStore.read(connection, batch.nextOffsets().keySet()));
                    }
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

    /**
     * What a batch that an earlier attempt committed landed, read back from staging: its rejected records are in
     * {@code staging.rejected_records}, every other record of it landed. For an attempt whose commit went through
     * but whose acknowledgement was lost with the connection, so the counts still reconcile.
     */
    public BatchOutcome readBackOutcome(Batch batch) throws SQLException {
        Map<KafkaCoordinates, RecordRejection> rejected = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(SELECT_REJECTED)) {
            for (var partition : batch.nextOffsets().entrySet()) {
                select.setString(1, partition.getKey().topic());
                select.setInt(2, partition.getKey().partition());
                select.setLong(3, batch.fromOffsets().get(partition.getKey()));
                select.setLong(4, partition.getValue());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        KafkaCoordinates at = new KafkaCoordinates(partition.getKey().topic(),
                                partition.getKey().partition(), rows.getLong(1));
                        rejected.put(at, new RecordRejection(at, new RawRecord(rows.getBytes(2), rows.getBytes(3)),
                                rows.getString(4)));
                    }
                }
            }
        }
        Map<Entity, Integer> landed = new EnumMap<>(Entity.class);
        for (DecodedRecord record : batch.records()) {
            if (record instanceof StagingRow row && !rejected.containsKey(row.coordinates())) {
                landed.merge(row.entity(), 1, Integer::sum);
            }
        }
        return new BatchOutcome(landed, List.copyOf(rejected.values()));
    }

    /** COPYs the rows; rows PostgreSQL refuses are moved to {@code rejections}. Returns the rows landed. */
    private int copyIsolatingRefusedRows(Connection connection, CopyManager copy, Entity entity,
                                         List<StagingRow> rows, List<RecordRejection> rejections)
            throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
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
            int refused = refusedRow(e, rows.size());
            if (refused < 0 && rows.size() > 1) {
                // PostgreSQL did not say which line it refused: bisect
                int half = rows.size() / 2;
                return copyIsolatingRefusedRows(connection, copy, entity, rows.subList(0, half), rejections)
                        + copyIsolatingRefusedRows(connection, copy, entity, rows.subList(half, rows.size()),
                        rejections);
            }
            int at = Math.max(refused, 0);
            StagingRow row = rows.get(at);
            rejections.add(new RecordRejection(row.coordinates(), row.source(),
                    "PostgreSQL refused the row: " + SqlFailureClassifier.firstLine(e)));
            // The rows before it went in without an error, and will again. The rows after it go in two halves:
            // trying them whole would resend the rest of the batch once per refused row, quadratic when many are.
            List<StagingRow> after = rows.subList(at + 1, rows.size());
            int half = after.size() / 2;
            return copyIsolatingRefusedRows(connection, copy, entity, rows.subList(0, at), rejections)
                    + copyIsolatingRefusedRows(connection, copy, entity, after.subList(0, half), rejections)
                    + copyIsolatingRefusedRows(connection, copy, entity, after.subList(half, after.size()),
                    rejections);
        }
    }

    /**
     * The index in {@code rows} of the row a failed COPY refused, from the line PostgreSQL names in the error's
     * context ({@code COPY orders, line 17, column created_at: "..."}); -1 when it names none (an error raised
     * after the rows were read) or one outside the rows sent.
     */
    static int refusedRow(SQLException failure, int rows) {
        if (!(failure instanceof PSQLException psql) || psql.getServerErrorMessage() == null
                || psql.getServerErrorMessage().getWhere() == null) {
            return -1;
        }
        Matcher line = COPY_LINE.matcher(psql.getServerErrorMessage().getWhere());
        if (!line.find()) {
            return -1;
        }
        try {
            int index = Integer.parseInt(line.group(1)) - 1;
            return index < rows ? index : -1;
        } catch (NumberFormatException tooLong) {
            return -1;
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

    /** What a committed batch landed. */
    public record BatchOutcome(Map<Entity, Integer> landedByEntity, List<RecordRejection> rejections) {

        public int landed() {
            return landedByEntity.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private static List<TopicPartition> inLockOrder(Collection<TopicPartition> partitions) {
        return partitions.stream()
                .sorted(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition))
                .toList();
    }
}
