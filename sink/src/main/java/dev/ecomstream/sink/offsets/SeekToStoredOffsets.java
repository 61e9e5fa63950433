package dev.ecomstream.sink.offsets;

import dev.ecomstream.sink.failure.SinkFailedException;
import dev.ecomstream.sink.failure.SqlFailureClassifier;
import dev.ecomstream.sink.ops.SinkHealth;
import dev.ecomstream.sink.ops.SinkMetrics;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
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
 * committed offsets, decides where reading resumes. A partition with no stored offset gets one at once (the
 * log's beginning or end, as configured), so a restart resumes there too. A stored offset outside the
 * partition's log is never moved silently: the partition stops with a message, or, when the operator accepts
 * gaps, moves to the log's start and the gap is recorded.
 */
public final class SeekToStoredOffsets implements ConsumerRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(SeekToStoredOffsets.class);

    private final org.apache.kafka.clients.consumer.Consumer<?, ?> consumer;
    private final DataSource dataSource;
    private final OffsetStore offsetStore;
    private final boolean startFromBeginning;
    private final boolean acceptGaps;
    private final SinkHealth health;
    private final SinkMetrics metrics;
    private final Consumer<Map<TopicPartition, Long>> onPositioned;
    private final Consumer<Collection<TopicPartition>> onRevoked;
    private final Set<TopicPartition> pending = new HashSet<>();
    private final Set<TopicPartition> stopped = new HashSet<>();
    /** False while the staging tables are being migrated: partitions assigned meanwhile wait, paused. */
    private boolean tablesReady = true;

    /**
     * @param onPositioned told the stored offset of each partition it positioned (and will read from)
     * @param onRevoked    told which partitions this instance lost, before anyone else can own them
     */
    public SeekToStoredOffsets(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer, DataSource dataSource,
                               OffsetStore offsetStore, boolean startFromBeginning, boolean acceptGaps,
                               SinkHealth health, SinkMetrics metrics,
                               Consumer<Map<TopicPartition, Long>> onPositioned,
                               Consumer<Collection<TopicPartition>> onRevoked) {
        this.consumer = consumer;
        this.dataSource = dataSource;
        this.offsetStore = offsetStore;
        this.startFromBeginning = startFromBeginning;
        this.acceptGaps = acceptGaps;
        this.health = health;
        this.metrics = metrics;
        this.onPositioned = onPositioned;
        this.onRevoked = onRevoked;
    }

    /**
     * The group may be joined while the staging tables are still being migrated: partitions assigned until
     * {@link #tablesReady()} stay paused and pending, and are positioned by the next {@link #retryPending()}.
     */
    public void awaitTables() {
        tablesReady = false;
    }

    public void tablesReady() {
        tablesReady = true;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        if (!tablesReady) {
            consumer.pause(partitions);
            pending.addAll(partitions);
            return;
        }
        try {
            position(partitions);
        } catch (SQLException e) {
            waitForDatabase(partitions, e);
        }
    }

    /**
     * Re-reads and seeks to the stored offsets of the partitions this instance still owns: after a batch was
     * refused by the fence or given up, or after the consumer found its position outside the log.
     */
    public void reposition(Collection<TopicPartition> partitions) {
        onPartitionsAssigned(partitions.stream().filter(consumer.assignment()::contains).toList());
    }

    /** Partitions assigned while PostgreSQL was unreachable: paused until their stored offsets can be read. */
    public Set<TopicPartition> pending() {
        return Collections.unmodifiableSet(pending);
    }

    /** Partitions stopped because their stored offset is outside the log: paused until the sink restarts. */
    public Set<TopicPartition> stopped() {
        return Collections.unmodifiableSet(stopped);
    }

    /** Tries again to position the pending partitions; resumes those it could. */
    public void retryPending() {
        pending.retainAll(consumer.assignment());
        if (pending.isEmpty() || !tablesReady) {
            return;
        }
        List<TopicPartition> partitions = List.copyOf(pending);
        try {
            pending.removeAll(partitions);
            position(partitions);
        } catch (SQLException e) {
            waitForDatabase(partitions, e);
        }
    }

    private void position(Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> logStart = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> logEnd = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> stored;
        int claimed = 0;
        List<OffsetGap> gaps = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            stored = offsetStore.read(connection, partitions);
            for (TopicPartition partition : partitions) {
                if (!stored.containsKey(partition)) {
                    offsetStore.claim(connection, partition,
                            (startFromBeginning ? logStart : logEnd).get(partition));
                    claimed++;
                }
            }
            if (claimed > 0) {
                // another instance may have claimed a partition first: its value counts
                stored = offsetStore.read(connection, partitions);
            }
            for (TopicPartition partition : partitions) {
                OffsetGap gap = OffsetGap.of(partition, stored.get(partition), logStart.get(partition),
                        logEnd.get(partition));
                if (gap != null && acceptGaps && accept(connection, gap)) {
                    stored.put(partition, gap.resumeAt());
                } else if (gap != null) {
                    gaps.add(gap);
                }
            }
        }
        Map<TopicPartition, Long> reading = new HashMap<>();
        for (TopicPartition partition : partitions) {
            stopped.remove(partition);
            reading.put(partition, stored.get(partition));
        }
        for (OffsetGap gap : gaps) {
            reading.remove(gap.partition());
            stopped.add(gap.partition());
            log.error(gap.stopMessage());
        }
        reading.forEach(consumer::seek);
        consumer.pause(stopped);
        consumer.resume(reading.keySet());
        health.stoppedPartitions(stopped.size());
        onPositioned.accept(reading);
        log.info("Positioned {} partition(s) at their stored offsets ({} new, starting at the log's {}){}",
                reading.size(), claimed, startFromBeginning ? "beginning" : "end",
                gaps.isEmpty() ? "" : "; " + gaps.size() + " stopped");
    }

    private boolean accept(Connection connection, OffsetGap gap) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            if (!offsetStore.skipGap(connection, gap)) {
                connection.rollback();
                return false;
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        metrics.gapAccepted(gap.recordsSkipped());
        log.warn("Accepted a gap in partition {} (--accept-offset-gaps): {}; offsets {} to {} were never read "
                        + "({} records), reading goes on at {}; recorded in staging.sink_offset_gaps",
                gap.partition(), gap.kind().description, gap.storedOffset(), gap.resumeAt() - 1, gap.recordsSkipped(),
                gap.resumeAt());
        return true;
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
        stopped.removeAll(partitions);
        health.stoppedPartitions(stopped.size());
    }
}
