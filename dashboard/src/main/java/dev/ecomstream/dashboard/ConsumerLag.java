package dev.ecomstream.dashboard;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * The sink's consumer lag: per partition, the records in Kafka it has not landed yet, that is the end
 * offset minus the next offset the sink stored ({@code ops.sink_progress.stored_next_offset}).
 *
 * <p>The stored offsets, not the consumer group's committed ones, are the truth: the sink commits its
 * position in PostgreSQL in the batch's transaction and only mirrors it to Kafka for visibility, so the
 * group's offsets can lag behind what has landed. A partition the sink has never landed from counts
 * from its earliest offset. Thread-safe; one Admin client for the server's life.
 */
public final class ConsumerLag implements AutoCloseable {

    /** What {@code /api/pipeline} reports under {@code consumerLag}. */
    public record Report(boolean available, String reason, Long totalLag, List<PartitionLag> partitions) {

        static Report unavailable(String reason) {
            return new Report(false, reason, null, List.of());
        }
    }

    /** One partition: its end offset, the sink's stored next offset (null if none) and the lag. */
    public record PartitionLag(String topic, int partition, long endOffset, Long nextOffset, long lag) {
    }

    /* short: the page refreshes every few seconds, and a slow broker must not hold its other panels */
    private static final long TIMEOUT_MS = 3_000;

    private final Admin admin;

    private ConsumerLag(Admin admin) {
        this.admin = admin;
    }

    /**
     * An Admin client for {@code bootstrapServers}; it connects on first use. {@code clientProperties}
     * (security settings, for example) are passed to it as they are.
     */
    public static ConsumerLag connect(String bootstrapServers, Map<String, String> clientProperties) {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "ecomstream-dashboard");
        config.putAll(clientProperties);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return new ConsumerLag(Admin.create(config));
    }

    /**
     * Measures the lag of every partition of those of {@code topics} that exist on the broker.
     *
     * @param storedNextOffsets the sink's stored next offsets ({@code ops.sink_progress}), per partition
     * @return the report; {@code available} false with the reason if the broker did not answer in time
     */
    public Report measure(Collection<String> topics, Map<TopicPartition, Long> storedNextOffsets) {
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Set<String> wanted = new TreeSet<>(topics);
            wanted.retainAll(existing);
            if (wanted.isEmpty()) {
                return new Report(true, "none of the topics " + new TreeSet<>(topics) + " exists yet", 0L, List.of());
            }
            List<TopicPartition> partitions = new ArrayList<>();
            Map<String, TopicDescription> descriptions = admin.describeTopics(wanted).allTopicNames()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            for (TopicDescription description : descriptions.values()) {
                for (TopicPartitionInfo partition : description.partitions()) {
                    partitions.add(new TopicPartition(description.name(), partition.partition()));
                }
            }
            Map<TopicPartition, ListOffsetsResultInfo> latest = offsets(partitions, OffsetSpec.latest());
            Map<TopicPartition, ListOffsetsResultInfo> earliest = offsets(partitions, OffsetSpec.earliest());
            List<PartitionLag> lags = new ArrayList<>();
            long total = 0;
            for (TopicPartition partition : partitions) {
                long end = latest.get(partition).offset();
                long start = earliest.get(partition).offset();
                Long stored = storedNextOffsets.get(partition);
                // below the log start, records were deleted by retention: the sink resumes at the start
                long position = stored == null ? start : Math.max(stored, start);
                long lag = Math.max(0, end - position);
                total += lag;
                lags.add(new PartitionLag(partition.topic(), partition.partition(), end, stored, lag));
            }
            lags.sort(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition));
            return new Report(true, null, total, lags);
        } catch (ExecutionException e) {
            return Report.unavailable("Kafka refused the request: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            return Report.unavailable("Kafka did not answer within " + TIMEOUT_MS + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Report.unavailable("interrupted while asking Kafka");
        }
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        return admin.listOffsets(request).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
