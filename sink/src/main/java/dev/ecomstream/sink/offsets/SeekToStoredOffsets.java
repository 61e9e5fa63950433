package dev.ecomstream.sink.offsets;

import dev.ecomstream.sink.SinkFailedException;
import dev.ecomstream.sink.write.SqlFailureClassifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private final Set<TopicPartition> pending = new HashSet<>();

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
        try {
            position(partitions);
        } catch (SQLException e) {
            waitForDatabase(partitions, e);
        }
    }

    /** Re-reads and seeks to the stored offsets, after a batch was fenced by another instance. */
    public void reposition(Collection<TopicPartition> partitions) {
        onPartitionsAssigned(partitions.stream().filter(consumer.assignment()::contains).toList());
    }

    /** Partitions assigned while PostgreSQL was unreachable: paused until their stored offsets can be read. */
    public Set<TopicPartition> pending() {
        return Collections.unmodifiableSet(pending);
    }

    /** Tries again to position the pending partitions; resumes those it could. */
    public void retryPending() {
        pending.retainAll(consumer.assignment());
        if (pending.isEmpty()) {
            return;
        }
        List<TopicPartition> partitions = List.copyOf(pending);
        try {
            position(partitions);
            pending.removeAll(partitions);
            consumer.resume(partitions);
        } catch (SQLException e) {
            waitForDatabase(partitions, e);
        }
    }

    private void position(Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> stored;
        try (Connection connection = dataSource.getConnection()) {
            stored = offsetStore.read(connection, partitions);
        }
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
        log.info("Positioned {} partition(s): {} at their stored offsets, {} at the {}", partitions.size(),
                stored.size(), unstored.size(), startFromBeginning ? "beginning" : "end");
    }

    /*
     * Reading from Kafka's committed offsets instead would risk duplicates or gaps, so a partition whose stored
     * offset cannot be read stays paused (nothing is fetched for it) until PostgreSQL answers again.
     */
    private void waitForDatabase(Collection<TopicPartition> partitions, SQLException e) {
        if (SqlFailureClassifier.classify(e) != SqlFailureClassifier.Reaction.RETRY_BATCH) {
            throw new SinkFailedException("Cannot read the stored offsets from staging.sink_offsets: "
                    + SqlFailureClassifier.firstLine(e) + ". To fix: " + SqlFailureClassifier.advice(e) + ".", e);
        }
        consumer.pause(partitions);
        boolean firstTime = pending.isEmpty();
        pending.addAll(partitions);
        if (firstTime) {
            log.warn("Cannot read the stored offsets of {} partition(s) ({}); they stay paused until PostgreSQL is "
                    + "back", partitions.size(), SqlFailureClassifier.firstLine(e));
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        forget(partitions);
    }

    /*
     * The clean-up first: settling a batch there can meet the fence and reposition, and a database failure
     * while repositioning marks the partitions pending again. Left pending, a partition assigned back later
     * would be sought back to its stored offset after it was already being read, fetching records twice.
     */
    private void forget(Collection<TopicPartition> partitions) {
        onRevoked.accept(partitions);
        pending.removeAll(partitions);
    }
}
