package dev.ecomstream.producers;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Builds the Kafka client configuration of the producers, and a printable form with secrets masked. */
public final class KafkaClientProperties {

    private KafkaClientProperties() {
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
        Map<String, String> shown = new TreeMap<>();
        properties.forEach((key, value) -> shown.put(key.toString(),
                isSecret(key.toString()) ? "[hidden]" : String.valueOf(value)));
        return shown.toString();
    }

    static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("secret") || lower.contains("jaas")
                || lower.endsWith(".key") || lower.contains("token") || lower.contains("credentials");
    }
}
