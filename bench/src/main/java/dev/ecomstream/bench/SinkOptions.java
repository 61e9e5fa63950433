package dev.ecomstream.bench;

import dev.ecomstream.schema.Entity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How the sink is started for a step: its jar and heap, the two settings that trade latency for throughput,
 * and any further arguments passed through unchanged ({@code --sink-arg}).
 */
record SinkOptions(Path jar, String heap, long batchMaxAgeMs, long normaliseIntervalMs, List<String> extraArguments) {

    SinkOptions {
        extraArguments = List.copyOf(extraArguments);
    }

    SinkOptions withTiming(long newBatchMaxAgeMs, long newNormaliseIntervalMs) {
        return new SinkOptions(jar, heap, newBatchMaxAgeMs, newNormaliseIntervalMs, extraArguments);
    }

    /**
     * The sink's command line for one step: it consumes {@code topics} and nothing else (the password goes in
     * the environment, see SinkProcess; Kafka's client properties in a file, as they may hold secrets).
     */
    List<String> arguments(BenchKafka kafka, String group, Map<Entity, String> topics, BenchDatabase database) {
        List<String> arguments = new ArrayList<>();
        arguments.add("--bootstrap-servers=" + kafka.bootstrapServers());
        arguments.add("--group=" + group);
        // only the step's entities: the sink would otherwise also subscribe to the default topics of the others
        arguments.add("--entities=" + topics.keySet().stream().map(Entity::entityName)
                .collect(Collectors.joining(",")));
        topics.forEach((entity, topic) -> arguments.add("--topic=" + entity.entityName() + "=" + topic));
        if (!kafka.clientProperties().isEmpty()) {
            arguments.add("--kafka-config=" + kafka.clientPropertiesFile());
        }
        arguments.add("--pg-url=" + database.jdbcUrl());
        arguments.add("--pg-user=" + database.user());
        arguments.add("--batch-max-age-ms=" + batchMaxAgeMs);
        arguments.add("--normalise-interval-ms=" + normaliseIntervalMs);
        arguments.addAll(extraArguments);
        return arguments;
    }

    /** The settings as one line for the results. */
    String describe() {
        return "-Xmx" + heap + ", --batch-max-age-ms " + batchMaxAgeMs + ", --normalise-interval-ms "
                + normaliseIntervalMs + (extraArguments.isEmpty() ? "" : ", " + String.join(" ", extraArguments));
    }
}
