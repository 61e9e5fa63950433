package dev.ecomstream.producers.cli;

import dev.ecomstream.producers.publish.KafkaClientProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** Where Kafka is and how to talk to it; shared by every producer command. */
public final class KafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,HOST:PORT...]",
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers (env KAFKA_BOOTSTRAP_SERVERS; default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Any Kafka client property, passed through (repeatable), e.g. "
                    + "security.protocol=SASL_SSL. Overrides the producer defaults.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Option(names = "--partitions", paramLabel = "N",
            defaultValue = "${env:KAFKA_TOPIC_PARTITIONS:-3}",
            description = "Partitions of a topic created because it was missing (env KAFKA_TOPIC_PARTITIONS; "
                    + "default: ${DEFAULT-VALUE}). Existing topics are used as they are.")
    int partitions;

    @Option(names = "--replication-factor", paramLabel = "N",
            defaultValue = "${env:KAFKA_TOPIC_REPLICATION_FACTOR:-1}",
            description = "Replication factor of a topic created because it was missing "
                    + "(env KAFKA_TOPIC_REPLICATION_FACTOR; default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    @Option(names = "--broker-timeout", paramLabel = "SECONDS",
            defaultValue = "${env:KAFKA_BROKER_TIMEOUT_SECONDS:-15}",
            description = "Give up when no broker answers within this many seconds, at start and when a send "
                    + "blocks for metadata or buffer space (env KAFKA_BROKER_TIMEOUT_SECONDS; "
                    + "default: ${DEFAULT-VALUE}).")
    int brokerTimeoutSeconds;

    public Properties producerProperties() {
        Map<String, String> settings = new LinkedHashMap<>();
        // A send blocks at most this long for topic metadata or buffer space before it fails.
        settings.put("max.block.ms", Long.toString(brokerTimeout().toMillis()));
        settings.putAll(kafkaProperties);
        return KafkaClientProperties.forProducer(bootstrapServers, settings);
    }

    public Duration brokerTimeout() {
        return Duration.ofSeconds(brokerTimeoutSeconds);
    }

    /** Properties for the admin client: the connection and security settings without producer tuning. */
    public Properties adminProperties() {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrapServers);
        properties.putAll(kafkaProperties);
        return properties;
    }

    void validate(CommandLine commandLine) {
        List<String> problems = new ArrayList<>();
        if (partitions < 1) {
            problems.add("--partitions must be at least 1, was " + partitions);
        }
        if (replicationFactor < 1) {
            problems.add("--replication-factor must be at least 1, was " + replicationFactor);
        }
        if (brokerTimeoutSeconds < 1) {
            problems.add("--broker-timeout must be at least 1 second, was " + brokerTimeoutSeconds);
        }
        if (!problems.isEmpty()) {
            throw new CommandLine.ParameterException(commandLine, String.join("; ", problems));
        }
    }
}
