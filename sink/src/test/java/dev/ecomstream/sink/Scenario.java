package dev.ecomstream.sink;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.sink.testing.Publisher;
import dev.ecomstream.sink.testing.Staging;
import java.util.List;
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
        devStack.createTopics(List.of(topic), partitions);
    }

    SinkArgs sinkArgs() {
        return SinkArgs.forTopic(devStack, entity, topic, database, group);
    }

    Publisher publisher() {
        return new Publisher(devStack.kafkaBootstrapServers(), topic);
    }
}
