package dev.ecomstream.producers.cli;

import dev.ecomstream.producers.publish.KafkaClientProperties;
import dev.ecomstream.producers.publish.TopicCreator;
import dev.ecomstream.schema.KafkaConnectionOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * Where Kafka is and how to talk to it (the shared {@link KafkaConnectionOptions}; its properties override the
 * producer defaults), and how the producers create missing topics and wait for brokers.
 */
public final class KafkaOptions {

    @Mixin
    KafkaConnectionOptions connection;

    @Option(names = "--partitions", paramLabel = "N",
            defaultValue = "${env:KAFKA_TOPIC_PARTITIONS:-" + TopicCreator.DEFAULT_PARTITIONS + "}",
            description = "Partitions of a topic created because it was missing (env KAFKA_TOPIC_PARTITIONS; "
                    + "default: ${DEFAULT-VALUE}). Existing topics are used as they are.")
    int partitions;

    @Option(names = "--replication-factor", paramLabel = "N",
            defaultValue = "${env:KAFKA_TOPIC_REPLICATION_FACTOR:-" + TopicCreator.DEFAULT_REPLICATION_FACTOR + "}",
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
        settings.putAll(connection.clientProperties());
        return KafkaClientProperties.forProducer(connection.bootstrapServers(), settings);
    }

    /** For a start-up log line: secret values masked. */
    @Override
    public String toString() {
        return connection.toString();
    }

    public Duration brokerTimeout() {
        return Duration.ofSeconds(brokerTimeoutSeconds);
    }

    /** Properties for the admin client: the connection and security settings without producer tuning. */
    public Properties adminProperties() {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", connection.bootstrapServers());
        properties.putAll(connection.clientProperties());
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
