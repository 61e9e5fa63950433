package dev.ecomstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DevStackExtension.class)
class DevStackIT {

    private final DevStack stack;

    DevStackIT(DevStack stack) {
        this.stack = stack;
    }

    @Test
    void injectsTheOneSharedStackIntoConstructorsAndMethods(DevStack injectedIntoMethod) {
        assertThat(injectedIntoMethod).isSameAs(stack).isSameAs(DevStack.shared());
        assertThat(stack.kafkaBootstrapServers()).startsWith("127.0.0.1:");
        assertThat(stack.postgres().jdbcUrl("orders")).startsWith("jdbc:postgresql://127.0.0.1:").endsWith("/orders");
    }

    /** Only this process knows the superuser's password: a login without it, or with another, is refused. */
    @Test
    void refusesTheSuperuserWithoutItsPassword() throws SQLException {
        String url = stack.postgres().jdbcUrl("postgres");
        for (String wrong : new String[] {"", "postgres"}) {
            assertThatThrownBy(() -> java.sql.DriverManager.getConnection(url, stack.postgres().user(), wrong).close())
                    .as("password '%s'", wrong).isInstanceOf(SQLException.class)
                    .satisfiesAnyOf(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"),
                            e -> assertThat(e).hasMessageContaining("SCRAM-based authentication"));
        }
        assertThat(stack.postgres().password()).hasSizeGreaterThanOrEqualTo(32);
        try (Connection connection = java.sql.DriverManager.getConnection(url, stack.postgres().user(),
                stack.postgres().password());
             Statement statement = connection.createStatement();
             ResultSet method = statement.executeQuery("SELECT auth_method FROM pg_hba_file_rules "
                     + "WHERE 'all' = ANY(user_name) ORDER BY rule_number")) {
            List<String> methods = new ArrayList<>();
            while (method.next()) {
                methods.add(method.getString(1));
            }
            assertThat(methods).isNotEmpty().containsOnly("scram-sha-256");
        }
    }

    @Test
    void createsTopicsWithTheRequestedPartitionCount() throws Exception {
        String first = uniqueTopic();
        String second = uniqueTopic();

        stack.createTopics(List.of(first, second), 4);

        try (Admin admin = admin()) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(first, second)).allTopicNames().get();
            assertThat(topics.get(first).partitions()).hasSize(4);
            assertThat(topics.get(second).partitions()).hasSize(4);
        }
    }

    @Test
    void refusesToCreateATopicThatExists() {
        String topic = uniqueTopic();
        stack.createTopics(List.of(topic), 1);

        assertThatThrownBy(() -> stack.createTopics(List.of(topic), 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(topic)
                .hasMessageContaining("already exists");
    }

    @Test
    void producesAndConsumesARecordOnTheRealBroker() throws Exception {
        String topic = uniqueTopic();
        stack.createTopics(List.of(topic), 3);

        RecordMetadata written;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties())) {
            written = producer.send(new ProducerRecord<>(topic, "order-17", "{\"status\":\"Shipped\"}"))
                    .get(30, TimeUnit.SECONDS);
        }

        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (read.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }

        assertThat(read).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("order-17");
            assertThat(record.value()).isEqualTo("{\"status\":\"Shipped\"}");
            assertThat(record.partition()).isEqualTo(written.partition());
            assertThat(record.offset()).isEqualTo(written.offset());
        });
    }

    @Test
    void doesNotCreateTopicsOnDemand() throws Exception {
        String topic = uniqueTopic();
        Properties props = producerProperties();
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000");

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "v")).get())
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("not present in metadata");
        }
        try (Admin admin = admin()) {
            assertThat(admin.listTopics().names().get()).doesNotContain(topic);
        }
    }

    @Test
    void runsSqlOnAFreshDatabaseThatOtherDatabasesCannotSee() throws SQLException {
        DataSource fresh = stack.postgres().createDatabase("devstack_it_" + shortId());
        DataSource other = stack.postgres().createDatabase("devstack_it_" + shortId());

        try (Connection connection = fresh.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (order_id bigint PRIMARY KEY, status text NOT NULL)");
            statement.execute("INSERT INTO orders VALUES (1, 'Shipped'), (2, 'Returned')");
            try (ResultSet rows = statement.executeQuery(
                    "SELECT count(*), string_agg(status, ',' ORDER BY order_id), current_setting('server_version_num') FROM orders")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(2);
                assertThat(rows.getString(2)).isEqualTo("Shipped,Returned");
                assertThat(rows.getInt(3)).isGreaterThanOrEqualTo(170000);
            }
        }
        try (Connection connection = other.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT to_regclass('public.orders') IS NULL")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getBoolean(1)).as("the table of another database is invisible").isTrue();
        }
    }

    @Test
    void refusesADatabaseNameThatWouldNeedQuoting() {
        assertThatThrownBy(() -> stack.postgres().createDatabase("Orders; DROP DATABASE postgres"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not allowed");
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()));
    }

    private Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return props;
    }

    private Properties consumerProperties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "devstack-it-" + shortId());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return props;
    }

    private static String uniqueTopic() {
        return "devstack-it-" + shortId();
    }

    private static String shortId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
