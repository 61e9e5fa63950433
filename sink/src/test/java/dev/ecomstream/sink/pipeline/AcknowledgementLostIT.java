package dev.ecomstream.sink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.sink.decode.DecodedRecord;
import dev.ecomstream.sink.decode.RecordDecoder;
import dev.ecomstream.sink.offsets.OffsetStore;
import dev.ecomstream.sink.ops.SinkHealth;
import dev.ecomstream.sink.ops.SinkMetrics;
import dev.ecomstream.sink.pipeline.BatchRetry.Committed;
import dev.ecomstream.sink.pipeline.BatchRetry.Ending;
import dev.ecomstream.sink.pipeline.BatchRetry.Refused;
import dev.ecomstream.sink.testing.Staging;
import dev.ecomstream.sink.write.BatchBuffer.Batch;
import dev.ecomstream.sink.write.StagingBatchWriter;
import dev.ecomstream.testkit.StagingDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A commit whose answer is lost with the connection: PostgreSQL committed the batch, the sink saw a connection
 * failure. The retry meets the offset fence at the batch's own end, and must count the batch as landed (with
 * its rejections), not blame another instance and not land it twice.
 */
@ExtendWith(DevStackExtension.class)
class AcknowledgementLostIT {

    private static final String TOPIC = "ecomstream.orders";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    private final DataSource dataSource;
    private final Staging staging;

    AcknowledgementLostIT(DevStack devStack) {
        this.dataSource = StagingDatabase.create(devStack, "ack_lost").dataSource();
        this.staging = new Staging(dataSource);
    }

    @Test
    void shouldCountABatchWhoseCommitAnswerWasLostAsLandedOnce() throws SQLException {
        OffsetStore offsets = new OffsetStore("group");
        StagingBatchWriter writer = new StagingBatchWriter(dataSource, offsets);
        try (Connection connection = dataSource.getConnection()) {
            offsets.claim(connection, PARTITION, 10);
        }
        Batch batch = batch(10, "{\"order_id\":1}", "not json", "{\"order_id\":3}");
        AtomicInteger attempts = new AtomicInteger();
        BatchRetry retry = retry(b -> {
            attempts.incrementAndGet();
            var outcome = writer.write(b);
            if (attempts.get() == 1) {
                // the commit went through; its answer did not
                throw new SQLException("An I/O error occurred while sending to the backend.", "08006");
            }
            return outcome;
        }, writer);

        Ending ending = retry.land(batch, null);

        assertThat(ending).isInstanceOf(Committed.class);
        Committed committed = (Committed) ending;
        assertThat(committed.acknowledgementLost()).isTrue();
        assertThat(committed.outcome().landed()).isEqualTo(2);
        assertThat(committed.outcome().rejections()).hasSize(1)
                .allSatisfy(r -> assertThat(r.coordinates().offset()).isEqualTo(11));
        assertThat(attempts).hasValue(2);
        assertThat(staging.count("SELECT count(*) FROM staging.orders")).isEqualTo(2);
        assertThat(staging.count("SELECT count(*) FROM staging.rejected_records")).isEqualTo(1);
        assertThat(staging.count("SELECT next_offset FROM staging.sink_offsets")).isEqualTo(13);
    }

    @Test
    void shouldStillBlameAnotherWriterWhenTheFenceStandsElsewhere() throws SQLException {
        OffsetStore offsets = new OffsetStore("group2");
        StagingBatchWriter writer = new StagingBatchWriter(dataSource, offsets);
        try (Connection connection = dataSource.getConnection()) {
            offsets.claim(connection, PARTITION, 0);
        }
        Batch batch = batch(0, "{\"order_id\":7}");
        AtomicInteger attempts = new AtomicInteger();
        BatchRetry retry = retry(b -> {
            if (attempts.incrementAndGet() == 1) {
                // the attempt failed before committing, and another writer moved the partition meanwhile
                try (Connection other = dataSource.getConnection()) {
                    offsets.advance(other, PARTITION, 0, 5);
                }
                throw new SQLException("connection reset", "08006");
            }
            return writer.write(b);
        }, writer);

        Ending ending = retry.land(batch, null);

        assertThat(ending).isInstanceOf(Refused.class);
        assertThat(((Refused) ending).fence().stored()).containsEntry(PARTITION, 5L);
        assertThat(staging.count("SELECT count(*) FROM staging.orders WHERE order_id = 7")).isZero();
    }

    private static BatchRetry retry(BatchRetry.Attempt attempt, StagingBatchWriter writer) {
        SinkHealth health = new SinkHealth(Clock.systemUTC());
        SinkMetrics metrics = new SinkMetrics(List.of(Entity.ORDERS), health, Instant.now());
        return new BatchRetry(health, metrics, attempt, writer::readBackOutcome, delay -> true);
    }

    /** Records from offset {@code from} on, decoded as the sink decodes them. */
    private static Batch batch(long from, String... values) {
        RecordDecoder decoder = new RecordDecoder(Map.of(TOPIC, Entity.ORDERS), 1 << 20);
        List<DecodedRecord> records = new ArrayList<>();
        long offset = from;
        for (String value : values) {
            records.add(decoder.decode(new ConsumerRecord<>(TOPIC, 0, offset++, null,
                    value.getBytes(StandardCharsets.UTF_8))));
        }
        return new Batch(records, Map.of(PARTITION, from), Map.of(PARTITION, offset));
    }
}
