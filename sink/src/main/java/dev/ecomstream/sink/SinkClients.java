package dev.ecomstream.sink;

import dev.ecomstream.sink.failure.SinkFailedException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The sink's connection pool and Kafka consumer, configured from the settings. */
final class SinkClients {

    private SinkClients() {
    }

    static HikariDataSource dataSource(SinkSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.dbUser());
        config.setPassword(settings.dbPassword());
        // One each for the batch writer, the normaliser, the health probe and a positioning read inside a
        // rebalance, which may all hold one at the same moment: a smaller pool makes one of them wait out the
        // connection timeout while PostgreSQL is fine.
        config.setMaximumPoolSize(4);
        config.setPoolName("ecomstream-sink");
        // Start even while PostgreSQL is down; batches wait and retry until it is back.
        config.setInitializationFailTimeout(-1);
        // A batch waiting for a connection is retried with back-off anyway; fail the attempt early.
        config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        config.setValidationTimeout(Duration.ofSeconds(2).toMillis());
        // Defaults only: a value in the JDBC URL wins. A server that stops answering (not refusing) must still
        // fail the batch so it can be retried, instead of hanging the sink for ever.
        config.addDataSourceProperty("connectTimeout", "10");
        config.addDataSourceProperty("socketTimeout", "300");
        config.addDataSourceProperty("ApplicationName", "ecomstream-sink");
        // A batch's transaction holds its partitions' offset rows from the fence to the commit. An instance frozen
        // in between (a stalled VM, SIGSTOP) would keep them, and the partitions' new owner would wait on the
        // rows for as long as it stays frozen; the server ends such a transaction after a minute instead, and the
        // frozen instance, once thawed, finds its batch refused by the fence.
        config.addDataSourceProperty("options", "-c idle_in_transaction_session_timeout=60000");
        return new HikariDataSource(config);
    }

    static KafkaConsumer<byte[], byte[]> consumer(SinkSettings settings) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, settings.consumerGroup());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.instanceId());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "ecomstream-sink");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.putAll(settings.kafkaProperties());
        // The stored offsets decide every position (SeekToStoredOffsets); the consumer must never move one by
        // itself, or a gap would pass unnoticed.
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        try {
            return new KafkaConsumer<>(properties);
        } catch (KafkaException e) {
            String cause = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            throw new SinkFailedException("The Kafka consumer could not be created: " + cause + ". To fix: check "
                    + "--bootstrap-servers and the --kafka-config and --kafka-property values.", e);
        }
    }
}
