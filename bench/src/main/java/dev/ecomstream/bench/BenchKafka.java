package dev.ecomstream.bench;

import dev.ecomstream.producers.publish.BrokerCheck;
import dev.ecomstream.producers.publish.EntityPublisher;
import dev.ecomstream.producers.publish.KafkaClientProperties;
import dev.ecomstream.producers.publish.PublishOptions;
import dev.ecomstream.producers.publish.PublishReport;
import dev.ecomstream.producers.publish.TopicCreator;
import dev.ecomstream.schema.Entity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's Kafka side: fresh topics per step, the CSV files published to them, waiting for the sink's
 * assignment, cleaning up.
 */
final class BenchKafka {

    private static final Logger log = LoggerFactory.getLogger(BenchKafka.class);

    private final String bootstrapServers;
    private final Map<String, String> clientProperties;
    private final int partitions;
    private final short replicationFactor;
    private final List<String> created = new ArrayList<>();
    private Path clientPropertiesFile;

    BenchKafka(String bootstrapServers, Map<String, String> clientProperties, int partitions,
               short replicationFactor) {
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = Map.copyOf(clientProperties);
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    Map<String, String> clientProperties() {
        return clientProperties;
    }

    /**
     * The client properties as a file only this user can read, for the sink's {@code --kafka-config}: on the
     * sink's command line a secret would show in the process list. Written once, deleted when the JVM exits.
     */
    synchronized Path clientPropertiesFile() {
        if (clientPropertiesFile == null) {
            try {
                Path file = Files.createTempFile("bench-kafka-", ".properties",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                file.toFile().deleteOnExit();
                Properties properties = new Properties();
                properties.putAll(clientProperties);
                try (var writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    properties.store(writer, "Kafka client properties for the benchmark's sink");
                }
                clientPropertiesFile = file;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not write the Kafka client properties for the sink", e);
            }
        }
        return clientPropertiesFile;
    }

    int partitions() {
        return partitions;
    }

    /**
     * Fails at once, with what to check, when no broker answers: Kafka clients retry an unreachable address
     * quietly, and the run would only time out in its first step.
     *
     * @throws dev.ecomstream.producers.publish.BrokerUnreachableException when none answered within 30 s
     */
    void requireReachable() {
        BrokerCheck.requireReachable(adminProperties(), Duration.ofSeconds(30));
    }

    /** The producers' own settings (idempotent, acks=all, lz4, 256 KiB batches): the pipeline as shipped. */
    Properties producerProperties() {
        return KafkaClientProperties.forProducer(bootstrapServers, clientProperties);
    }

    /** Creates one new topic per entity, {@code <prefix><entity>}, and waits until they can be written. */
    Map<Entity, String> createTopics(String prefix) {
        Map<Entity, String> topics = new EnumMap<>(Entity.class);
        for (Entity entity : Entity.values()) {
            topics.put(entity, prefix + entity.entityName());
        }
        TopicCreator.createMissing(adminProperties(), topics.values(), partitions, replicationFactor);
        created.addAll(topics.values());
        return topics;
    }

    /**
     * Publishes the files of {@code topics}' entities at once, one producer each (as deployed), to those
     * topics; returns the rows each published. Rows the producers reject go to {@code rejectsDir}.
     */
    Map<Entity, Long> publish(Path dataDir, Map<Entity, String> topics, Path rejectsDir, Duration timeout,
                              String step) throws InterruptedException, ExecutionException, IOException {
        Files.createDirectories(rejectsDir);
        ExecutorService pool = Executors.newFixedThreadPool(topics.size(), runnable -> {
            Thread thread = new Thread(runnable, "bench-producer");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<PublishReport>> reports = new ArrayList<>();
            for (Map.Entry<Entity, String> topic : topics.entrySet()) {
                Entity entity = topic.getKey();
                reports.add(pool.submit(() -> {
                    try (Producer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
                        return new EntityPublisher(producer).publish(entity, dataDir.resolve(entity.csvFileName()),
                                new PublishOptions(topic.getValue(), 0, rejectsDir, false));
                    }
                }));
            }
            Map<Entity, Long> published = new EnumMap<>(Entity.class);
            for (Future<PublishReport> future : reports) {
                PublishReport report = future.get(timeout.toSeconds(), TimeUnit.SECONDS);
                published.put(report.entity(), report.rowsPublished());
                if (report.rowsRejected() > 0) {
                    log.warn("{}: the producer rejected {} rows of {}", step, report.rowsRejected(), report.file());
                }
            }
            return published;
        } catch (TimeoutException e) {
            throw new IllegalStateException(step + ": the producers were not done after " + timeout.toSeconds()
                    + " s", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Waits until the sink's consumer owns every partition of the step, so that the timed part starts with
     * the sink ready, not with its JVM start and group join.
     */
    void awaitAssignment(String group, int expectedPartitions, Duration timeout, SinkProcess sink)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(adminProperties())) {
            while (true) {
                sink.requireAlive();
                int assigned = 0;
                try {
                    ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                            .describedGroups().get(group).get(10, TimeUnit.SECONDS);
                    for (MemberDescription member : description.members()) {
                        assigned += member.assignment().topicPartitions().size();
                    }
                } catch (ExecutionException | TimeoutException e) {
                    log.debug("Consumer group {} not described yet: {}", group, e.getMessage());
                }
                if (assigned >= expectedPartitions) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The sink did not get its " + expectedPartitions
                            + " partitions within " + timeout.toSeconds() + " s (has " + assigned + "); see "
                            + sink.logFile());
                }
                Thread.sleep(200);
            }
        }
    }

    /** Deletes the topics this run created: on an external cluster they would otherwise stay behind. */
    void deleteCreatedTopics() {
        if (created.isEmpty()) {
            return;
        }
        try (Admin admin = Admin.create(adminProperties())) {
            admin.deleteTopics(created).all().get(60, TimeUnit.SECONDS);
            created.clear();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Could not delete the benchmark's topics {}: {}", created, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Properties adminProperties() {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.put("bootstrap.servers", bootstrapServers);
        return properties;
    }
}
