package dev.ecomstream.sink.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.schema.Entity;
import dev.ecomstream.sink.ops.SinkHealth;
import dev.ecomstream.sink.ops.SinkMetrics;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * What the listener keeps across a revocation. The database is a data source that cannot connect, as during
 * an outage; the consumer is Kafka's own test consumer, which is enough to observe pause and assignment.
 */
class SeekToStoredOffsetsTest {

    private static final TopicPartition EVENTS_0 = new TopicPartition("ecomstream.events", 0);

    @Test
    void shouldNotLeaveARevokedPartitionPendingWhenTheCleanUpFailedToRepositionIt() {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(EVENTS_0));
        consumer.updateBeginningOffsets(Map.of(EVENTS_0, 0L));
        consumer.updateEndOffsets(Map.of(EVENTS_0, 10L));
        SinkHealth health = new SinkHealth(Clock.systemUTC());
        AtomicReference<SeekToStoredOffsets> listener = new AtomicReference<>();
        // The sink's clean-up settles its in-flight batch; a fenced batch repositions, which needs the database.
        listener.set(new SeekToStoredOffsets(consumer, new UnreachableDatabase(), new OffsetStore("test-group"),
                true, false, health, new SinkMetrics(List.of(Entity.EVENTS), health, Instant.now()),
                stored -> { }, revoked -> listener.get().reposition(revoked)));

        listener.get().onPartitionsRevoked(List.of(EVENTS_0));

        assertThat(consumer.paused()).containsExactly(EVENTS_0); // the repositioning did meet the outage
        assertThat(listener.get().pending()).isEmpty();
    }

    /** A data source during a PostgreSQL outage: every connection attempt fails as a transient error. */
    private static final class UnreachableDatabase implements DataSource {

        @Override
        public Connection getConnection() throws SQLException {
            throw new SQLTransientConnectionException("Connection to 127.0.0.1:5432 refused", "08001");
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
