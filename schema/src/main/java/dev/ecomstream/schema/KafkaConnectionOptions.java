package dev.ecomstream.schema;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where Kafka is and how to talk to it: the one declaration of {@code --bootstrap-servers} and
 * {@code --kafka-property} (with their environment defaults), mixed into every command that talks to Kafka.
 * Each command adds the settings of its own client (producer, consumer, admin) on top.
 */
public final class KafkaConnectionOptions {

    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";

    // No annotation default: a command that uses Kafka only when told to (the dashboard's lag, the benchmark's
    // external cluster) must see whether it was named; bootstrapServers() supplies the default for the others.
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,HOST:PORT...]",
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS}",
            description = "Kafka bootstrap servers (env KAFKA_BOOTSTRAP_SERVERS; default: "
                    + DEFAULT_BOOTSTRAP_SERVERS + ").")
    String bootstrapServers;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Any Kafka client property, passed through (repeatable), e.g. security.protocol=SASL_SSL.")
    Map<String, String> properties = new LinkedHashMap<>();

    /** The servers given (flag or environment), else {@value #DEFAULT_BOOTSTRAP_SERVERS}. */
    public String bootstrapServers() {
        return bootstrapServersIfNamed().orElse(DEFAULT_BOOTSTRAP_SERVERS);
    }

    /** The servers when the flag or the environment named them; empty when only the default applies. */
    public Optional<String> bootstrapServersIfNamed() {
        return Optional.ofNullable(bootstrapServers).filter(servers -> !servers.isBlank());
    }

    /** The client properties given, without {@code bootstrap.servers}; a command adds its own settings first. */
    public Map<String, String> clientProperties() {
        return new LinkedHashMap<>(properties);
    }

    /** For a start-up log line: secret values masked. */
    @Override
    public String toString() {
        return "bootstrap-servers=" + bootstrapServers() + ", kafka properties=" + SecretMasking.masked(clientProperties());
    }
}
