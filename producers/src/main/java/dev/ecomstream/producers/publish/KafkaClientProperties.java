package dev.ecomstream.producers.publish;

import dev.ecomstream.schema.SecretMasking;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Builds the Kafka client configuration of the producers, and a printable form with secrets masked. */
public final class KafkaClientProperties {

    /** The Kafka producer's default {@code max.request.size}. */
    public static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;
    private static final long DEFAULT_BUFFER_MEMORY = 32L * 1024 * 1024;

    private KafkaClientProperties() {
    }

    /**
     * The largest record the producer with these properties will send: it refuses a record over its
     * {@code max.request.size}, or over its {@code buffer.memory}, before the record reaches a broker.
     *
     * @throws IllegalArgumentException when either property is not a number
     */
    public static int maxRecordBytes(Properties producerProperties) {
        long maxRequestSize = sizeProperty(producerProperties, ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                DEFAULT_MAX_REQUEST_SIZE);
        long bufferMemory = sizeProperty(producerProperties, ProducerConfig.BUFFER_MEMORY_CONFIG,
                DEFAULT_BUFFER_MEMORY);
        return (int) Math.min(Integer.MAX_VALUE, Math.min(maxRequestSize, bufferMemory));
    }

    private static long sizeProperty(Properties properties, String name, long defaultValue) {
        Object value = properties.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Kafka property " + name + "=" + value + " is not a number of bytes");
        }
    }

    /**
     * Producer settings for throughput without loss: idempotent, acknowledged by all in-sync replicas,
     * compressed, batched. User-supplied properties win, so SASL/SSL or tuning need no code change.
     */
    public static Properties forProducer(String bootstrapServers, Map<String, String> overrides) {
        Properties properties = new Properties();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "ecomstream-producer");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.putAll(overrides);
        return properties;
    }

    /** The properties as text for a log line, with passwords, keys and JAAS configurations masked. */
    public static String masked(Map<?, ?> properties) {
        return SecretMasking.masked(properties);
    }
}
