package dev.ecomstream.sink.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.sink.decode.DecodedRecord;
import dev.ecomstream.sink.decode.RecordDecoder;
import dev.ecomstream.sink.offsets.OffsetStore;
import dev.ecomstream.sink.testing.ArbitraryRecords;
import dev.ecomstream.sink.write.BatchBuffer.Batch;
import dev.ecomstream.testkit.StagingDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Batches of arbitrary records, written to a real PostgreSQL: whatever they hold, the batch commits, every record
 * is either a staging row or a rejected record with its raw bytes and a reason, and the partition's offset moves
 * to the batch's end. No content makes the write fail.
 */
class StagingBatchWriterPropertyIT {

    private static final int MAX_RECORD_BYTES = 1 << 20;
    private static DataSource dataSource;
    private static StagingBatchWriter writer;
    /** The next offset of each entity's partition, so each try's batch follows the one before. */
    private static final Map<Entity, Long> NEXT_OFFSET = new EnumMap<>(Entity.class);

    @BeforeContainer
    static void createDatabase() throws SQLException {
        dataSource = StagingDatabase.create(DevStack.shared(), "sink_properties").dataSource();
        OffsetStore offsets = new OffsetStore("properties");
        writer = new StagingBatchWriter(dataSource, offsets);
        try (Connection connection = dataSource.getConnection()) {
            for (Entity entity : Entity.values()) {
                offsets.claim(connection, new TopicPartition(entity.topic(), 0), 0);
                NEXT_OFFSET.put(entity, 0L);
            }
        }
    }

    @Property(tries = 60)
    void everyRecordOfABatchLandsOrIsRejectedWithItsBytes(@ForAll("batches") Input input) throws SQLException {
        Entity entity = input.entity();
        TopicPartition partition = new TopicPartition(entity.topic(), 0);
        long from = NEXT_OFFSET.get(entity);
        RecordDecoder decoder = new RecordDecoder(Map.of(entity.topic(), entity), MAX_RECORD_BYTES);
        List<DecodedRecord> decoded = new ArrayList<>();
        Map<Long, byte[]> valueAt = new HashMap<>();
        long offset = from;
        for (ConsumerRecord<byte[], byte[]> record : input.records()) {
            ConsumerRecord<byte[], byte[]> placed = ArbitraryRecords.at(record, offset);
            decoded.add(decoder.decode(placed));
            valueAt.put(offset, placed.value());
            offset++;
        }
        long next = offset;

        writer.write(new Batch(decoded, Map.of(partition, from), Map.of(partition, next)));
        NEXT_OFFSET.put(entity, next);

        long landed = count("SELECT count(*) FROM " + entity.stagingTable()
                + " WHERE kafka_topic = ? AND kafka_partition = 0 AND kafka_offset >= ? AND kafka_offset < ?",
                entity.topic(), from, next);
        Map<Long, byte[]> rejectedValues = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT kafka_offset, record_value, reason "
                     + "FROM staging.rejected_records WHERE kafka_topic = ? AND kafka_offset >= ? "
                     + "AND kafka_offset < ?")) {
            select.setString(1, entity.topic());
            select.setLong(2, from);
            select.setLong(3, next);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    assertThat(rows.getString(3)).as("reason").isNotBlank();
                    rejectedValues.put(rows.getLong(1), rows.getBytes(2));
                }
            }
        }
        assertThat(landed + rejectedValues.size()).as("landed + rejected").isEqualTo(next - from);
        rejectedValues.forEach((at, value) -> assertThat(value).as("raw value at " + at).isEqualTo(valueAt.get(at)));
        assertThat(count("SELECT next_offset FROM staging.sink_offsets WHERE topic = ? AND kafka_partition = 0",
                entity.topic())).isEqualTo(next);
    }

    @Provide
    Arbitrary<Input> batches() {
        return Arbitraries.of(Entity.values()).flatMap(entity ->
                ArbitraryRecords.of(entity, entity.topic(), true).list().ofMinSize(1).ofMaxSize(25)
                        .map(records -> new Input(entity, records)));
    }

    private static long count(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    record Input(Entity entity, List<ConsumerRecord<byte[], byte[]>> records) {
        @Override
        public String toString() {
            return entity + " x" + records.size();
        }
    }
}
