package dev.ecomstream.dashboard;

import dev.ecomstream.dashboard.Panels.EntityCount;
import dev.ecomstream.dashboard.Panels.Freshness;
import dev.ecomstream.dashboard.Panels.Landed;
import dev.ecomstream.dashboard.Panels.Pending;
import dev.ecomstream.dashboard.Panels.Pipeline;
import dev.ecomstream.dashboard.Panels.PipelineTrends;
import dev.ecomstream.dashboard.Panels.Rejected;
import dev.ecomstream.schema.Entity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;

/**
 * The SQL behind the pipeline-health panel and its charts: rows landing, consumer lag, rows waiting for a
 * reference, rejected records and freshness. Measured on the database's wall clock whatever the page's clock is.
 *
 * <p>It reads the published views only: the ops views of V015 (the sink's progress, landed rows, rejects, the
 * normaliser's progress), never the sink's or the normaliser's own tables, and the mart for the newest row.
 * Cost per refresh: landed rows and rejects are read by time (each day's partition of staging and its BRIN
 * index; the BRIN index on rejected_at), the newest row is three index ends, and the normaliser's progress
 * reads each entity's rows above its watermark through the BRIN indexes of V012: all of it follows the recent
 * rows, not the size of staging ({@code PanelQueryPlansIT}).
 *
 * <p>Thread-safe; takes a connection from the data source per call.
 */
public final class PipelineQueries {

    public static final String LANDED = """
            SELECT entity, count(*) AS landed
            FROM ops.landed_rows
            WHERE landed_at > now() - make_interval(secs => ?)
            GROUP BY entity""";

    public static final String LANDED_PER_MINUTE = """
            SELECT date_trunc('minute', landed_at, 'UTC') AS minute, count(*) AS rows
            FROM ops.landed_rows
            WHERE landed_at >= ? AND landed_at < ?
            GROUP BY 1""";

    /* Open rejects only want a look: a replayed one's fixed version went back to its topic (V018). */
    public static final String REJECTED = """
            SELECT coalesce(sum(open_records), 0) AS open_records, coalesce(sum(replayed_records), 0) AS replayed_records,
                   max(last_open_rejected_at) AS last_open_at
            FROM ops.rejected_summary""";

    public static final String REJECTED_PER_MINUTE = """
            SELECT date_trunc('minute', rejected_at, 'UTC') AS minute, count(*) AS rows
            FROM ops.rejected_records
            WHERE rejected_at >= ? AND rejected_at < ?
            GROUP BY 1""";

    public static final String NORMALISER = """
            SELECT entity, last_run_at, unnormalised_rows, watermark_lag_seconds, pending_rows,
                   extract(epoch FROM now() - oldest_pending_since)::float8 AS oldest_pending_seconds
            FROM ops.normaliser_progress
            ORDER BY load_order""";

    public static final String FRESHNESS = "SELECT now() AS wall_now, " + DashboardClock.NEWEST_ROW_AT
            + " AS newest_row_at";

    public static final String STORED_OFFSETS = "SELECT topic, kafka_partition, stored_next_offset FROM ops.sink_progress";

    private final DataSource dataSource;
    private final ConsumerLag consumerLag;
    private final PipelineHistory history = new PipelineHistory();

    /** @param consumerLag null when no Kafka bootstrap servers were given: the panel says so */
    public PipelineQueries(DataSource dataSource, ConsumerLag consumerLag) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.consumerLag = consumerLag;
    }

    /**
     * Everything the pipeline panel shows; {@code landedSeconds} is the window of the landing rate. Also a sample
     * of the trends' lag and freshness.
     */
    public Pipeline pipeline(int landedSeconds) throws SQLException {
        FreshnessRow freshness;
        Landed landed;
        NormaliserRows normaliser;
        Rejected rejected;
        Map<TopicPartition, Long> stored;
        try (Connection connection = dataSource.getConnection()) {
            freshness = freshness(connection);
            landed = landed(connection, landedSeconds);
            normaliser = normaliser(connection);
            rejected = rejected(connection);
            stored = consumerLag == null ? Map.of() : storedOffsets(connection);
        }
        // asked after the connection is back in the pool: the broker may take seconds to answer
        ConsumerLag.Report lag = consumerLag == null
                ? ConsumerLag.Report.unavailable("no Kafka bootstrap servers given (--bootstrap-servers)")
                : consumerLag.measure(topics(stored), stored);
        history.record(new PipelineHistory.Sample(freshness.now(), lag.available() ? lag.totalLag() : null,
                normaliser.coreBehindSeconds()));
        return new Pipeline(freshness.now().toString(), landed, lag, normaliser.pending(), rejected,
                freshness.toPanel(normaliser));
    }

    /** Landed and rejected rows per minute of the last {@code minutes} minutes, and the samples of that time. */
    public PipelineTrends trends(int minutes) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Instant now = DashboardClock.WALL.now(connection);
            List<Instant> starts = PanelQueries.lastMinutes(now, minutes);
            long[] landed = perMinute(connection, LANDED_PER_MINUTE, starts);
            long[] rejected = perMinute(connection, REJECTED_PER_MINUTE, starts);
            return new PipelineTrends(now.toString(), minutes, starts.stream().map(Instant::toString).toList(),
                    Arrays.stream(landed).boxed().toList(), Arrays.stream(rejected).boxed().toList(),
                    history.since(starts.get(0)));
        }
    }

    private static long[] perMinute(Connection connection, String sql, List<Instant> starts) throws SQLException {
        long[] counts = new long[starts.size()];
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            PanelQueries.bindWindow(statement, 1, starts.get(0), starts.get(starts.size() - 1).plus(Duration.ofMinutes(1)));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    counts[PanelQueries.minuteIndex(starts, rows)] += rows.getLong("rows");
                }
            }
        }
        return counts;
    }

    private static Landed landed(Connection connection, int seconds) throws SQLException {
        Map<String, Long> byName = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(LANDED)) {
            statement.setInt(1, seconds);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    byName.put(rows.getString("entity"), rows.getLong("landed"));
                }
            }
        }
        long total = byName.values().stream().mapToLong(Long::longValue).sum();
        return new Landed(seconds, total, (double) total / seconds, inLoadOrder(byName));
    }

    /** Every entity, in load order, zeros included: the panel's rows do not jump around. */
    private static List<EntityCount> inLoadOrder(Map<String, Long> byName) {
        return Arrays.stream(Entity.values())
                .map(entity -> new EntityCount(entity.entityName(), byName.getOrDefault(entity.entityName(), 0L)))
                .toList();
    }

    private record NormaliserRows(Pending pending, Instant lastRunAt, long unnormalisedRows,
            double coreBehindSeconds) {
    }

    private static NormaliserRows normaliser(Connection connection) throws SQLException {
        Map<String, Long> pendingByName = new HashMap<>();
        Double oldestPending = null;
        Instant lastRun = null;
        long unnormalised = 0;
        double behind = 0;
        try (PreparedStatement statement = connection.prepareStatement(NORMALISER);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                pendingByName.put(rows.getString("entity"), rows.getLong("pending_rows"));
                Double waiting = rows.getObject("oldest_pending_seconds", Double.class);
                if (waiting != null) {
                    oldestPending = oldestPending == null ? waiting : Math.max(oldestPending, waiting);
                }
                Instant ran = instant(rows, "last_run_at");
                if (ran != null && (lastRun == null || ran.isAfter(lastRun))) {
                    lastRun = ran;
                }
                unnormalised += rows.getLong("unnormalised_rows");
                behind = Math.max(behind, rows.getDouble("watermark_lag_seconds"));
            }
        }
        long pending = pendingByName.values().stream().mapToLong(Long::longValue).sum();
        return new NormaliserRows(new Pending(pending, inLoadOrder(pendingByName), oldestPending), lastRun,
                unnormalised, behind);
    }

    private static Rejected rejected(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(REJECTED);
             ResultSet row = statement.executeQuery()) {
            row.next();
            OffsetDateTime last = row.getObject("last_open_at", OffsetDateTime.class);
            return new Rejected(row.getLong("open_records"), row.getLong("replayed_records"),
                    last == null ? null : last.toInstant().toString());
        }
    }

    private record FreshnessRow(Instant now, Instant newestRow) {

        Freshness toPanel(NormaliserRows normaliser) {
            return new Freshness(text(newestRow), age(newestRow), text(normaliser.lastRunAt()),
                    age(normaliser.lastRunAt()), normaliser.unnormalisedRows(), normaliser.coreBehindSeconds());
        }

        private static String text(Instant at) {
            return at == null ? null : at.toString();
        }

        private Double age(Instant at) {
            return at == null ? null : Duration.between(at, now).toMillis() / 1000.0;
        }
    }

    private static FreshnessRow freshness(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(FRESHNESS);
             ResultSet row = statement.executeQuery()) {
            row.next();
            return new FreshnessRow(instant(row, "wall_now"), instant(row, "newest_row_at"));
        }
    }

    private static Map<TopicPartition, Long> storedOffsets(Connection connection) throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(STORED_OFFSETS);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                offsets.put(new TopicPartition(rows.getString("topic"), rows.getInt("kafka_partition")),
                        rows.getLong("stored_next_offset"));
            }
        }
        return offsets;
    }

    /** The catalog's topics, plus any other topic the sink has landed from (a sink given other names). */
    private static Set<String> topics(Map<TopicPartition, Long> stored) {
        Set<String> topics = new TreeSet<>();
        for (Entity entity : Entity.values()) {
            topics.add(entity.topic());
        }
        stored.keySet().forEach(partition -> topics.add(partition.topic()));
        return topics;
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
