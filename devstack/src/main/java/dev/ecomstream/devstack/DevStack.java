package dev.ecomstream.devstack;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka broker and a PostgreSQL server, started together in this JVM on 127.0.0.1.
 *
 * <p>Use {@link #start()} for a stack of your own (close it when done), or {@link #shared()}
 * for the one stack of this JVM that all integration tests share; it is stopped when the JVM
 * exits. Start-up takes a few seconds, which is why tests share one stack and isolate
 * themselves by topic names and {@link EmbeddedPostgresServer#createDatabase(String) databases}.
 */
public final class DevStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DevStack.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private static DevStack shared;

    /**
     * Set to {@code testcontainers} (the Maven profile of that name does) to run Kafka and PostgreSQL in
     * containers instead of in this JVM; needs a Docker engine.
     */
    public static final String KIND_PROPERTY = "ecomstream.devstack";
    private static final String CONTAINER_STACK = "dev.ecomstream.devstack.ContainerStack";

    private final KafkaServer kafka;
    private final PostgresServer postgres;

    DevStack(KafkaServer kafka, PostgresServer postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    /**
     * Starts a new broker and a new PostgreSQL server. The caller owns the stack and closes it.
     *
     * @throws IllegalStateException if either fails to start; whatever did start is stopped again
     */
    public static DevStack start() {
        String kind = System.getProperty(KIND_PROPERTY, "embedded");
        if (kind.equals("testcontainers")) {
            return startContainers();
        }
        if (!kind.equals("embedded")) {
            throw new IllegalArgumentException("-D" + KIND_PROPERTY + "=" + kind
                    + " is not a stack; use embedded (the default) or testcontainers");
        }
        return startEmbedded();
    }

    /** Starts the in-process broker and PostgreSQL, whatever {@value #KIND_PROPERTY} says. */
    public static DevStack startEmbedded() {
        long startedAt = System.nanoTime();
        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
        EmbeddedPostgresServer postgres;
        try {
            postgres = EmbeddedPostgresServer.start();
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
        LOG.info("Dev stack started in {} ms: Kafka at {}, PostgreSQL at {}",
                elapsedMillis, kafka.bootstrapServers(), postgres.jdbcUrl("postgres"));
        return new DevStack(kafka, postgres);
    }

    /*
     * The container stack is compiled only in the testcontainers profile, so the default build needs
     * neither Docker nor the Testcontainers jars.
     */
    private static DevStack startContainers() {
        try {
            return (DevStack) Class.forName(CONTAINER_STACK).getMethod("start").invoke(null);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("-D" + KIND_PROPERTY + "=testcontainers needs the build's "
                    + "testcontainers profile: run ./mvnw verify -Ptestcontainers", e);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("Could not start Kafka and PostgreSQL containers: " + cause.getMessage()
                    + ". Is a Docker engine running?", cause);
        }
    }

    /**
     * The stack of this JVM, started on first use and stopped by a shutdown hook. Do not close it.
     *
     * @throws IllegalStateException if it cannot be started; the next call tries again
     */
    public static synchronized DevStack shared() {
        if (shared == null) {
            DevStack stack = start();
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "devstack-shutdown"));
            shared = stack;
        }
        return shared;
    }

    /** The {@code bootstrap.servers} value for Kafka clients. */
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The Kafka broker. */
    public KafkaServer kafka() {
        return kafka;
    }

    /** The PostgreSQL server. */
    public PostgresServer postgres() {
        return postgres;
    }

    /**
     * Creates topics with {@code partitions} partitions and one replica each, and waits until the
     * broker has created them.
     *
     * @throws IllegalStateException if a topic could not be created, for example because it already
     *     exists; the message names the topics
     */
    public void createTopics(Collection<String> names, int partitions) {
        List<NewTopic> topics = names.stream().map(name -> new NewTopic(name, partitions, (short) 1)).toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers()))) {
            admin.createTopics(topics).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            awaitLeaders(admin, names);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not create topics " + names + " with " + partitions
                    + " partitions on " + kafkaBootstrapServers() + ": " + e.getCause().getMessage()
                    + "; use topic names no other test uses", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Creating topics " + names + " on " + kafkaBootstrapServers()
                    + " took longer than " + ADMIN_TIMEOUT.toSeconds() + " s; is the broker still running?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics " + names, e);
        }
    }

    /*
     * A producer that sends before a new partition's log exists can have a later request accepted and an
     * earlier one refused; the earlier one then fails with OutOfOrderSequence (KAFKA-15591). Tests wait
     * until the broker holds every new partition. The producers' TopicCreator waits the same way: devstack
     * may use no module of ours, and the producers' jar carries no broker. The broker fix (apache/kafka
     * pull request 23234) ships in Kafka 4.5; from then both waits can go.
     */
    private static void awaitLeaders(Admin admin, Collection<String> names)
            throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (true) {
            Map<TopicPartition, Integer> leaders = new HashMap<>();
            try {
                admin.describeTopics(names).allTopicNames().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .forEach((topic, description) -> description.partitions().forEach(partition -> leaders.put(
                                new TopicPartition(topic, partition.partition()),
                                partition.leader() == null ? -1 : partition.leader().id())));
            } catch (ExecutionException e) {
                // a topic this new may not be in the metadata of the broker that answered yet
                if (!(e.getCause() instanceof RetriableException)) {
                    throw e;
                }
                leaders.put(new TopicPartition("unknown yet", 0), -1);
            }
            if (!leaders.containsValue(-1)) {
                Map<Integer, Map<String, LogDirDescription>> logDirs = admin
                        .describeLogDirs(new HashSet<>(leaders.values())).allDescriptions()
                        .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                boolean allLogsExist = leaders.entrySet().stream().allMatch(leader -> logDirs
                        .getOrDefault(leader.getValue(), Map.of()).values().stream()
                        .anyMatch(dir -> dir.replicaInfos().containsKey(leader.getKey())));
                if (allLogsExist) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("partitions of " + names + " are still not ready for writes");
            }
            Thread.sleep(20);
        }
    }

    /** Stops PostgreSQL and the broker and deletes their directories. */
    @Override
    public void close() {
        try {
            postgres.close();
        } finally {
            kafka.close();
        }
    }
}
