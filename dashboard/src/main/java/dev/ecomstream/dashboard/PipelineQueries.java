package dev.ecomstream.dashboard;

import dev.ecomstream.dashboard.Panels.EntityCount;
import dev.ecomstream.dashboard.Panels.Freshness;
import dev.ecomstream.dashboard.Panels.Landed;
import dev.ecomstream.dashboard.Panels.Pending;
import dev.ecomstream.dashboard.Panels.Pipeline;
import dev.ecomstream.dashboard.Panels.Rejected;
import dev.ecomstream.schema.Entity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;

/**
 * The SQL behind the pipeline-health panel: rows landing, consumer lag, rows waiting for a parent,
 * rejected records and freshness. Measured on the database's wall clock whatever the page's clock is.
 *
 * <p>Cost per refresh: the landed count reads the last seconds of each staging table through the BRIN
 * index on {@code landed_at} (V012); freshness reads three index ends; the other tables hold one row
 * per partition or entity ({@code sink_offsets}, {@code normaliser_watermarks}) or only the exceptions
 * ({@code core.pending}, {@code staging.rejected_records}), which stay small in a healthy pipeline.
 *
 * <p>Thread-safe; takes a connection from the data source per call.
 */
public final class PipelineQueries {

    /** One count per staging table, in the catalog's load order; every branch binds the same bound. */
    public static final String LANDED = Arrays.stream(Entity.values())
            .map(entity -> "SELECT '" + entity.entityName() + "' AS entity, count(*) AS landed FROM "
                    + entity.stagingTable() + " WHERE landed_at > now() - make_interval(secs => ?)")
            .collect(Collectors.joining("\nUNION ALL\n"));

    public static final String PENDING = """
            SELECT entity, count(*) AS waiting, extract(epoch FROM max(waiting_time))::float8 AS oldest_seconds
            FROM core.pending
            GROUP BY entity""";

    public static final String REJECTED = "SELECT count(*) AS records, max(rejected_at) AS last_at "
            + "FROM staging.rejected_records";

    public static final String FRESHNESS = """
            SELECT now() AS wall_now,
                   greatest((SELECT max(created_at AT TIME ZONE 'UTC') FROM core.orders),
                            (SELECT max(created_at AT TIME ZONE 'UTC') FROM core.order_items),
                            (SELECT max(created_at AT TIME ZONE 'UTC') FROM core.events)) AT TIME ZONE 'UTC' AS newest_row_at,
                   (SELECT max(last_run_at) FROM core.normaliser_watermarks) AS last_normalised_at""";

    public static final String STORED_OFFSETS = "SELECT topic, kafka_partition, next_offset FROM staging.sink_offsets";

    private final DataSource dataSource;
    private final ConsumerLag consumerLag;

    /** @param consumerLag null when no Kafka bootstrap servers were given: the panel says so */
    public PipelineQueries(DataSource dataSource, ConsumerLag consumerLag) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.consumerLag = consumerLag;
    }

    /** Everything the pipeline panel shows; {@code landedSeconds} is the window of the landing rate. */
    public Pipeline pipeline(int landedSeconds) throws SQLException {
        FreshnessRow freshness;
        Landed landed;
        Pending pending;
        Rejected rejected;
        Map<TopicPartition, Long> stored;
        try (Connection connection = dataSource.getConnection()) {
            freshness = freshness(connection);
            landed = landed(connection, landedSeconds);
            pending = pending(connection);
            rejected = rejected(connection);
            stored = consumerLag == null ? Map.of() : storedOffsets(connection);
        }
        // asked after the connection is back in the pool: the broker may take seconds to answer
        ConsumerLag.Report lag = consumerLag == null
                ? ConsumerLag.Report.unavailable("no Kafka bootstrap servers given (--bootstrap-servers)")
                : consumerLag.measure(topics(stored), stored);
        return new Pipeline(freshness.now().toString(), landed, lag, pending, rejected, freshness.toPanel());
    }

    private static Landed landed(Connection connection, int seconds) throws SQLException {
        List<EntityCount> byEntity = new ArrayList<>();
        long total = 0;
        try (PreparedStatement statement = connection.prepareStatement(LANDED)) {
            for (int i = 1; i <= Entity.values().length; i++) {
                statement.setInt(i, seconds);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long landed = rows.getLong("landed");
                    byEntity.add(new EntityCount(rows.getString("entity"), landed));
                    total += landed;
                }
            }
        }
        return new Landed(seconds, total, (double) total / seconds, byEntity);
    }

    private static Pending pending(Connection connection) throws SQLException {
        Map<String, EntityCount> byName = new HashMap<>();
        long total = 0;
        Double oldest = null;
        try (PreparedStatement statement = connection.prepareStatement(PENDING);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                long waiting = rows.getLong("waiting");
                byName.put(rows.getString("entity"), new EntityCount(rows.getString("entity"), waiting));
                total += waiting;
                double seconds = rows.getDouble("oldest_seconds");
                oldest = oldest == null ? seconds : Math.max(oldest, seconds);
            }
        }
        // every entity, in load order, zeros included: the panel's rows do not jump around
        List<EntityCount> byEntity = Arrays.stream(Entity.values())
                .map(entity -> byName.getOrDefault(entity.entityName(), new EntityCount(entity.entityName(), 0)))
                .toList();
        return new Pending(total, byEntity, oldest);
    }

    private static Rejected rejected(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(REJECTED);
             ResultSet row = statement.executeQuery()) {
            row.next();
            OffsetDateTime last = row.getObject("last_at", OffsetDateTime.class);
            return new Rejected(row.getLong("records"), last == null ? null : last.toInstant().toString());
        }
    }

    private record FreshnessRow(Instant now, Instant newestRow, Instant lastNormalised) {

        Freshness toPanel() {
            return new Freshness(text(newestRow), age(newestRow), text(lastNormalised), age(lastNormalised));
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
            return new FreshnessRow(instant(row, "wall_now"), instant(row, "newest_row_at"),
                    instant(row, "last_normalised_at"));
        }
    }

    private static Map<TopicPartition, Long> storedOffsets(Connection connection) throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(STORED_OFFSETS);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                offsets.put(new TopicPartition(rows.getString("topic"), rows.getInt("kafka_partition")),
                        rows.getLong("next_offset"));
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
