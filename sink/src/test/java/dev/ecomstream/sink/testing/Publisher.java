package dev.ecomstream.sink.testing;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Sends test records to one topic and waits until the broker has them all. */
public final class Publisher implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    public Publisher(String bootstrapServers, String topic) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Right after a topic is created the embedded broker may answer NOT_LEADER_OR_FOLLOWER; an idempotent
        // producer's retries then sometimes end in OUT_OF_ORDER_SEQUENCE_NUMBER, retried for ever. Without
        // idempotence, one request in flight keeps the order, and a refused send is not appended, so a retry
        // cannot duplicate (the broker is on this machine: no lost responses).
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        this.producer = new KafkaProducer<>(properties);
        this.topic = topic;
    }

    /** Events {@code from .. from+count-1} (see {@link EventRecords}), keyed by id. */
    public void events(long from, long count) {
        for (long id = from; id < from + count; id++) {
            producer.send(new ProducerRecord<>(topic, EventRecords.key(id), EventRecords.jsonBytes(id)));
        }
        producer.flush();
    }

    /** Events {@code from .. from+count-1}, all to one partition. */
    public void events(int partition, long from, long count) {
        for (long id = from; id < from + count; id++) {
            producer.send(new ProducerRecord<>(topic, partition, EventRecords.key(id), EventRecords.jsonBytes(id)));
        }
        producer.flush();
    }

    /** One record to a given partition, in order after the previous ones; a null value is a tombstone. */
    public void send(int partition, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, partition,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
    }

    /** One record as given (partition, key, value, headers), to this publisher's topic. */
    public void send(int partition, String key, String value, Iterable<org.apache.kafka.common.header.Header> headers) {
        producer.send(new ProducerRecord<>(topic, partition, key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8), headers));
    }

    /** Waits until every record sent so far is on the broker. */
    public void flush() {
        producer.flush();
    }

    public void send(int partition, String key, String value) {
        send(partition, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close();
    }
}
