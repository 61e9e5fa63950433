package dev.ecomstream.sink;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.sink.testing.Publisher;
import dev.ecomstream.sink.testing.Staging;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/** A topic and a database of its own, so tests sharing the devstack do not see each other's records. */
final class Scenario {

    private static final AtomicInteger RUN = new AtomicInteger();

    final DevStack devStack;
    final String entity;
    final String topic;
    final String database;
    final String group;
    final Staging staging;

    Scenario(DevStack devStack, String entity, String name, int partitions) {
        int run = RUN.incrementAndGet();
        this.devStack = devStack;
        this.entity = entity;
        this.topic = "it." + entity + "." + name + "." + run + "." + System.nanoTime() % 100_000;
        this.database = ("sink_" + name + "_" + run + "_" + System.nanoTime() % 100_000).toLowerCase();
        this.group = "group-" + topic;
        this.staging = new Staging(devStack.postgres().createDatabase(database));
        devStack.createTopics(List.of(topic), partitions);
    }

    /** The next offset Kafka would give each partition of the topic: how many records were published to it. */
    Map<Integer, Long> endOffsets() {
        try (Admin admin = admin()) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()),
                    OffsetSpec.latest()));
            Map<Integer, Long> offsets = new TreeMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> offsets.put(partition.partition(), info.offset()));
            return offsets;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read the end offsets of " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An admin client of the devstack's broker; the caller closes it. */
    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, devStack.kafkaBootstrapServers()));
    }

    SinkArgs sinkArgs() {
        return SinkArgs.forTopic(devStack, entity, topic, database, group);
    }

    Publisher publisher() {
        return new Publisher(devStack.kafkaBootstrapServers(), topic);
    }

    /** Publishes events {@code from} to {@code from + count - 1}, keyed by id; returns once Kafka acknowledged them. */
    void publishEvents(long from, long count) {
        try (Publisher publisher = publisher()) {
            publisher.events(from, count);
        }
    }

    /** The same, all to one partition. */
    void publishEvents(int partition, long from, long count) {
        try (Publisher publisher = publisher()) {
            publisher.events(partition, from, count);
        }
    }
}
