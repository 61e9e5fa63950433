package dev.ecomstream.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.schema.Entity;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sink against a real broker and a real PostgreSQL. */
@ExtendWith(DevStackExtension.class)
class SinkServiceIT {

    private static final AtomicInteger RUN = new AtomicInteger();

    private final DevStack devStack;

    SinkServiceIT(DevStack devStack) {
        this.devStack = devStack;
    }

    @Test
    void shouldLandEveryRecordExactlyOnceAcrossARestart() throws Exception {
        Scenario scenario = new Scenario("restart");
        scenario.publishOrders(0, 1000);
        try (RunningSink sink = scenario.startSink()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> scenario.count("SELECT count(*) FROM staging.orders") == 1000);
        }
        scenario.publishOrders(1000, 500);
        scenario.publish("not json at all");
        try (RunningSink sink = scenario.startSink()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> scenario.count("SELECT count(*) FROM staging.orders") == 1500
                    && scenario.count("SELECT count(*) FROM staging.rejected_records") == 1);
        }
        assertThat(scenario.count("SELECT count(DISTINCT order_id) FROM staging.orders")).isEqualTo(1500);
        assertThat(scenario.count("SELECT sum(next_offset) FROM staging.sink_offsets")).isEqualTo(1501);
        assertThat(scenario.text("SELECT reason FROM staging.rejected_records")).startsWith("value is not JSON");
        assertThat(scenario.text("SELECT convert_from(record_value, 'UTF8') FROM staging.rejected_records"))
                .isEqualTo("not json at all");
        assertThat(scenario.text("SELECT status || ' ' || created_at::text FROM staging.orders WHERE order_id = 1234"))
                .isEqualTo("Shipped 2022-06-17 02:52:23+00");
    }

    @Test
    void shouldRejectOnlyTheRowPostgresRefusesAndLandTheRest() throws Exception {
        Scenario scenario = new Scenario("refused");
        scenario.publishOrders(0, 50);
        // Valid for the decoder, out of PostgreSQL's timestamp range: found by bisecting the batch.
        scenario.publish("{\"order_id\":999999,\"created_at\":\"+300000-01-01T00:00:00Z\"}");
        scenario.publishOrders(50, 50);
        try (RunningSink sink = scenario.startSink()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> scenario.count("SELECT count(*) FROM staging.orders")
                    + scenario.count("SELECT count(*) FROM staging.rejected_records") == 101);
        }
        assertThat(scenario.count("SELECT count(*) FROM staging.orders")).isEqualTo(100);
        assertThat(scenario.text("SELECT reason FROM staging.rejected_records")).startsWith("PostgreSQL refused the row");
    }

    /** A topic and a database of its own, so tests do not see each other's records. */
    private final class Scenario {
        private final String topic;
        private final String database;
        private final DataSource dataSource;

        Scenario(String name) {
            int run = RUN.incrementAndGet();
            this.topic = "it.orders." + name + "." + run;
            this.database = "sink_" + name + "_" + run;
            this.dataSource = devStack.postgres().createDatabase(database);
            devStack.createTopics(List.of(topic), 3);
        }

        void publishOrders(int from, int count) {
            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                for (int id = from; id < from + count; id++) {
                    String json = "{\"order_id\":" + id + ",\"user_id\":" + (id % 97) + ",\"status\":\"Shipped\","
                            + "\"gender\":\"F\",\"created_at\":\"2022-06-17T02:52:23Z\",\"num_of_item\":2}";
                    producer.send(new ProducerRecord<>(topic, Integer.toString(id).getBytes(StandardCharsets.UTF_8),
                            json.getBytes(StandardCharsets.UTF_8)));
                }
            }
        }

        void publish(String value) {
            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                producer.send(new ProducerRecord<>(topic, null, value.getBytes(StandardCharsets.UTF_8)));
            }
        }

        RunningSink startSink() {
            SinkSettings settings = new SinkSettings(devStack.kafkaBootstrapServers(), "group-" + topic,
                    Map.of(topic, Entity.ORDERS), Map.of(), devStack.postgres().jdbcUrl(database),
                    devStack.postgres().user(), devStack.postgres().password(), 300, 1 << 20,
                    Duration.ofMillis(100), 1 << 20, true, true, Duration.ZERO);
            return new RunningSink(new SinkService(settings));
        }

        long count(String sql) throws SQLException {
            try (Connection connection = dataSource.getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(sql)) {
                rows.next();
                return rows.getLong(1);
            }
        }

        String text(String sql) throws SQLException {
            try (Connection connection = dataSource.getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(sql)) {
                assertThat(rows.next()).as(sql).isTrue();
                return rows.getString(1);
            }
        }

        private KafkaProducer<byte[], byte[]> producer() {
            Properties properties = new Properties();
            properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, devStack.kafkaBootstrapServers());
            properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            return new KafkaProducer<>(properties);
        }
    }

    /** A sink service on its own thread, stopped (and its batch settled) on close. */
    private static final class RunningSink implements AutoCloseable {
        private final SinkService service;
        private final Thread thread;

        RunningSink(SinkService service) {
            this.service = service;
            this.thread = new Thread(service, "sink-under-test");
            thread.start();
        }

        @Override
        public void close() {
            service.close();
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertThat(thread.isAlive()).as("sink thread stopped").isFalse();
        }
    }
}
