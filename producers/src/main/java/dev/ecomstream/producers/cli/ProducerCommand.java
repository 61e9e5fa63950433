package dev.ecomstream.producers.cli;

import dev.ecomstream.producers.csv.CsvSyntaxException;
import dev.ecomstream.producers.csv.InvalidCsvHeaderException;
import dev.ecomstream.producers.publish.BadRowException;
import dev.ecomstream.producers.publish.BrokerCheck;
import dev.ecomstream.producers.publish.BrokerUnreachableException;
import dev.ecomstream.producers.publish.EntityPublisher;
import dev.ecomstream.producers.publish.KafkaClientProperties;
import dev.ecomstream.producers.publish.KafkaRecordSender;
import dev.ecomstream.producers.publish.PublishFailedException;
import dev.ecomstream.producers.publish.PublishReport;
import dev.ecomstream.producers.publish.TopicCreator;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.schema.OneLineFailureHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * The producers' command line: one subcommand per entity ({@code orders FILE}) and {@code all DIR} for the
 * seven files of an export. Each runs the same {@link EntityPublisher}.
 */
@Command(name = "ecomstream-producers", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = "Publishes TheLook CSV exports to Kafka as typed JSON, one topic per entity.",
        footer = {"", "Exit codes: 0 every row published, 1 the run failed, 2 bad command line, "
                + "3 done but some rows were rejected (see the rejects file)."})
public final class ProducerCommand implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ProducerCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Runs one entity's producer, as its own {@code main} does. */
    public static int run(Entity entity, String[] args) {
        return configure(new CommandLine(new EntityProducerCommand(entity))).execute(args);
    }

    /** The full command line with every subcommand, as {@code main} runs it; also for tools that list the options. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new ProducerCommand());
        for (Entity entity : Entity.values()) {
            commandLine.addSubcommand(entity.entityName(), new EntityProducerCommand(entity));
        }
        commandLine.addSubcommand("all", new AllEntitiesCommand());
        return configure(commandLine);
    }

    private static CommandLine configure(CommandLine commandLine) {
        return commandLine.setExecutionExceptionHandler(OneLineFailureHandler.expecting(
                InvalidCsvHeaderException.class, CsvSyntaxException.class, BadRowException.class,
                PublishFailedException.class, BrokerUnreachableException.class, IOException.class,
                UncheckedIOException.class, IllegalStateException.class));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /** Publishes the given files, each to its entity's topic, with one producer (or none for a dry run). */
    static int publishAll(CommandLine commandLine, KafkaOptions kafka, PublishingOptions publishing,
                          Map<Entity, Path> files, Map<Entity, String> topics) throws IOException {
        kafka.validate(commandLine);
        publishing.validate(commandLine);
        List<PublishReport> reports = new ArrayList<>();
        // A dry run rejects the rows a real run's producer would refuse as too large, so it needs the same limit.
        int maxRecordBytes;
        try {
            maxRecordBytes = KafkaClientProperties.maxRecordBytes(kafka.producerProperties());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
        if (publishing.dryRun) {
            log.info("Dry run: checking {} file(s); nothing is sent and no broker is contacted", files.size());
            EntityPublisher publisher = EntityPublisher.dryRun();
            for (var file : files.entrySet()) {
                reports.add(publisher.publish(file.getKey(), file.getValue(),
                        publishing.forTopic(topics.get(file.getKey()), maxRecordBytes)));
            }
            return exitCode(reports);
        }
        log.info("Publishing to {} with {}", kafka.connection.bootstrapServers(),
                KafkaClientProperties.masked(kafka.connection.clientProperties()));
        BrokerCheck.requireReachable(kafka.adminProperties(), kafka.brokerTimeout());
        TopicCreator.createMissing(kafka.adminProperties(), topics.values(), kafka.partitions,
                kafka.replicationFactor);
        try (KafkaRecordSender sender = KafkaRecordSender.open(kafka.producerProperties())) {
            EntityPublisher publisher = new EntityPublisher(sender);
            for (var file : files.entrySet()) {
                reports.add(publisher.publish(file.getKey(), file.getValue(),
                        publishing.forTopic(topics.get(file.getKey()), maxRecordBytes)));
            }
        }
        return exitCode(reports);
    }

    private static int exitCode(List<PublishReport> reports) {
        return reports.stream().anyMatch(r -> r.rowsRejected() > 0) ? ExitCodes.ROWS_REJECTED
                : ExitCodes.ALL_PUBLISHED;
    }

    /** {@code ecomstream-producers orders FILE}: one entity's file. */
    @Command(mixinStandardHelpOptions = true, versionProvider = Versions.class)
    static final class EntityProducerCommand implements Callable<Integer> {

        private final Entity entity;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The CSV export to publish.")
        Path file;

        @Option(names = "--topic", paramLabel = "TOPIC", description = "Topic to publish to (default: the entity's).")
        String topic;

        @Mixin
        KafkaOptions kafka;

        @Mixin
        PublishingOptions publishing;

        EntityProducerCommand(Entity entity) {
            this.entity = entity;
        }

        @Override
        public Integer call() throws IOException {
            requireReadable(file);
            return publishAll(spec.commandLine(), kafka, publishing, Map.of(entity, file),
                    Map.of(entity, topic != null ? topic : entity.topic()));
        }
    }

    /** {@code ecomstream-producers all DIR}: the seven files of an export, in load order. */
    @Command(mixinStandardHelpOptions = true, versionProvider = Versions.class,
            description = "Publishes <entity>.csv of every entity found in DIR, in load order.")
    static final class AllEntitiesCommand implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", defaultValue = "data",
                description = "Directory holding the exports, named <entity>.csv (default: ${DEFAULT-VALUE}).")
        Path directory;

        @Option(names = "--entities", split = ",", paramLabel = "NAME",
                description = "Only these entities (default: all seven: ${COMPLETION-CANDIDATES}).")
        List<String> entityNames;

        @Mixin
        KafkaOptions kafka;

        @Mixin
        PublishingOptions publishing;

        @Override
        public Integer call() throws IOException {
            Map<Entity, Path> files = new java.util.EnumMap<>(Entity.class);
            Map<Entity, String> topics = new java.util.EnumMap<>(Entity.class);
            for (Entity entity : selectedEntities()) {
                Path file = directory.resolve(entity.csvFileName());
                requireReadable(file);
                files.put(entity, file);
                topics.put(entity, entity.topic());
            }
            return publishAll(spec.commandLine(), kafka, publishing, files, topics);
        }

        private List<Entity> selectedEntities() {
            if (entityNames == null || entityNames.isEmpty()) {
                return Arrays.asList(Entity.values());
            }
            return entityNames.stream()
                    .map(name -> Entity.byName(name).orElseThrow(() -> new CommandLine.ParameterException(
                            spec.commandLine(), "Unknown entity '" + name + "'; known: "
                            + Arrays.stream(Entity.values()).map(Entity::entityName).toList())))
                    .sorted()
                    .toList();
        }
    }

    private static void requireReadable(Path file) {
        if (!Files.isReadable(file) || Files.isDirectory(file)) {
            throw new UncheckedIOException(new IOException(file.toAbsolutePath() + " is not a readable file; "
                    + "pass the path of a TheLook CSV export"));
        }
    }
}
