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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import java.util.concurrent.atomic.AtomicInteger;

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
        createTopic(devStack.kafkaBootstrapServers(), topic, partitions);
    }

    /*
     * DevStack.createTopics sometimes fails right after creating the topic, when the describe it does to wait
     * for leaders races the broker's metadata ("This server does not host this topic-partition"); here that
     * answer just means "not yet".
     */
    static void createTopic(String bootstrapServers, String topic, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                            .get(30, TimeUnit.SECONDS).get(topic);
                    if (description.partitions().stream().allMatch(p -> p.leader() != null && p.leader().id() >= 0)) {
                        return;
                    }
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic + " has no leaders after 30 s");
                }
                Thread.sleep(50);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next offset Kafka would give each partition of the topic: how many records were published to it. */
    Map<Integer, Long> endOffsets() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                devStack.kafkaBootstrapServers()))) {
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

    SinkArgs sinkArgs() {
        return SinkArgs.forTopic(devStack, entity, topic, database, group);
    }

    Publisher publisher() {
        return new Publisher(devStack.kafkaBootstrapServers(), topic);
    }
}
