package dev.ecomstream.sink.offsets;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On assignment, positions the consumer at the offsets stored in PostgreSQL, so the database, not Kafka's
 * committed offsets, decides where reading resumes. A partition with no stored offset starts where
 * {@code auto.offset.reset} says (beginning or end), never at a Kafka-committed offset that could be ahead
 * of the database.
 */
public final class SeekToStoredOffsets implements ConsumerRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(SeekToStoredOffsets.class);

    private final org.apache.kafka.clients.consumer.Consumer<?, ?> consumer;
    private final DataSource dataSource;
    private final OffsetStore offsetStore;
    private final boolean startFromBeginning;
    private final Consumer<Map<TopicPartition, Long>> onPositioned;
    private final Consumer<Collection<TopicPartition>> onRevoked;

    /**
     * @param onPositioned told the stored position of each newly assigned partition that has one
     * @param onRevoked    told which partitions this instance lost, before anyone else can own them
     */
    public SeekToStoredOffsets(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer, DataSource dataSource,
                               OffsetStore offsetStore, boolean startFromBeginning,
                               Consumer<Map<TopicPartition, Long>> onPositioned,
                               Consumer<Collection<TopicPartition>> onRevoked) {
        this.consumer = consumer;
        this.dataSource = dataSource;
        this.offsetStore = offsetStore;
        this.startFromBeginning = startFromBeginning;
        this.onPositioned = onPositioned;
        this.onRevoked = onRevoked;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> stored = readStored(partitions);
        List<TopicPartition> unstored = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            Long offset = stored.get(partition);
            if (offset != null) {
                consumer.seek(partition, offset);
            } else {
                unstored.add(partition);
            }
        }
        if (!unstored.isEmpty()) {
            if (startFromBeginning) {
                consumer.seekToBeginning(unstored);
            } else {
                consumer.seekToEnd(unstored);
            }
        }
        onPositioned.accept(stored);
        log.info("Assigned {} partition(s); resuming {} from stored offsets, {} from the {}", partitions.size(),
                stored.size(), unstored.size(), startFromBeginning ? "beginning" : "end");
    }

    /** Re-reads and seeks to the stored offsets, after a batch was fenced by another instance. */
    public void reposition(Collection<TopicPartition> partitions) {
        List<TopicPartition> owned = partitions.stream().filter(consumer.assignment()::contains).toList();
        onPartitionsAssigned(owned);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        onRevoked.accept(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        onRevoked.accept(partitions);
    }

    private Map<TopicPartition, Long> readStored(Collection<TopicPartition> partitions) {
        try (Connection connection = dataSource.getConnection()) {
            return offsetStore.read(connection, partitions);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the stored offsets from staging.sink_offsets: "
                    + e.getMessage() + ". The sink cannot know where to resume without them.", e);
        }
    }
}
