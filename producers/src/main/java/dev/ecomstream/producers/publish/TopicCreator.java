package dev.ecomstream.producers.publish;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topics that do not exist yet; an existing topic is used as it is, whatever its settings. */
public final class TopicCreator {

    private static final Logger log = LoggerFactory.getLogger(TopicCreator.class);
    private static final long TIMEOUT_SECONDS = 60;
    /** Partitions of a topic the producers create: room for three sink instances. */
    public static final int DEFAULT_PARTITIONS = 3;
    /** Replicas of a topic the producers create: 1 suits a single broker; a cluster wants 3. */
    public static final short DEFAULT_REPLICATION_FACTOR = 1;

    private TopicCreator() {
    }

    /*
     * A new partition is only safe to write once its leader has created the log. Before that, an idempotent
     * producer with several requests in flight can have a later request accepted and an earlier one
     * refused, and the earlier one then fails with OutOfOrderSequence until it expires (KAFKA-15591).
     * So wait for a leader, then for the leader's log directory to hold the partition (DevStack.createTopics waits
     * the same way for the tests). A broker of Kafka 4.5 or later refuses the later request itself (apache/kafka
     * pull request 23234), so the wait can go once no supported broker is older.
     */
    private static void awaitWritable(Admin admin, List<String> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        boolean canDescribeLogDirs = true;
        while (true) {
            Map<TopicPartition, Integer> leaders = new HashMap<>();
            try {
                admin.describeTopics(topics).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
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
            boolean ready = !leaders.containsValue(-1);
            if (ready && canDescribeLogDirs) {
                try {
                    ready = logsExist(admin, leaders);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof ClusterAuthorizationException)) {
                        throw e;
                    }
                    // Without DESCRIBE on the cluster, a known leader is the best sign there is.
                    canDescribeLogDirs = false;
                }
            }
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the partitions of " + topics + " are still not ready for writes");
            }
            Thread.sleep(20);
        }
    }

    private static boolean logsExist(Admin admin, Map<TopicPartition, Integer> leaders)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<Integer, Map<String, LogDirDescription>> logDirs = admin.describeLogDirs(new HashSet<>(leaders.values()))
                .allDescriptions().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return leaders.entrySet().stream().allMatch(leader -> logDirs.getOrDefault(leader.getValue(), Map.of())
                .values().stream().anyMatch(dir -> dir.replicaInfos().containsKey(leader.getKey())));
    }

    public static void createMissing(Properties clientProperties, Collection<String> topics, int partitions,
                                     short replicationFactor) {
        try (Admin admin = Admin.create(clientProperties)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream()
                    .distinct()
                    .filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, partitions, replicationFactor))
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            List<String> created = missing.stream().map(NewTopic::name).toList();
            for (var result : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    log.info("Created topic {} ({} partitions, replication factor {})", result.getKey(), partitions,
                            replicationFactor);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            awaitWritable(admin, created);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("Cannot create topics " + topics + " on "
                    + clientProperties.getProperty("bootstrap.servers") + ": " + cause
                    + ". Create them yourself, or check the bootstrap servers and the client's ACLs.", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics " + topics, e);
        }
    }
}
