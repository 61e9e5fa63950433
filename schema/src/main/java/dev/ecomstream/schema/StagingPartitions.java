package dev.ecomstream.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The staging tables' day partitions (V014): creating today's and tomorrow's ahead of the rows, and dropping the
 * days older than the retention window whose rows core holds. Both are SQL functions; this runs them. Thread-safe;
 * holds no connection between calls.
 */
public final class StagingPartitions {

    private static final String CREATE_AHEAD = "SELECT partition_name, rows_moved FROM staging.create_partitions_ahead()";
    private static final String DROP_EXPIRED = "SELECT partition_name, entity, range_end, dropped, staged_rows, bytes, "
            + "kept_because FROM staging.drop_expired_partitions(make_interval(secs => ?))";

    private final DataSource dataSource;

    public StagingPartitions(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** A partition just created; {@code rowsMoved} rows came out of the table's DEFAULT partition into it. */
    public record CreatedPartition(String partition, long rowsMoved) {
    }

    /**
     * A day partition past the retention window: dropped, or kept and why (rows not normalised yet, rows waiting
     * in core.pending, or its table busy).
     */
    public record ExpiredPartition(String partition, String entity, Instant rangeEnd, boolean dropped, Long rows,
                                   long bytes, String keptBecause) {
    }

    /** The database refused a partition call; the message says which. */
    public static final class MaintenanceFailed extends RuntimeException {
        MaintenanceFailed(String message, SQLException cause) {
            super(message, cause);
        }
    }

    /**
     * Creates the missing partitions of today and tomorrow (UTC) of every staging table, and moves rows that fell
     * into a DEFAULT partition into their day's. A few catalog look-ups when nothing is missing.
     *
     * @throws MaintenanceFailed if the database refused
     */
    public List<CreatedPartition> createAhead() {
        List<CreatedPartition> created = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(CREATE_AHEAD);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                created.add(new CreatedPartition(rows.getString(1), rows.getLong(2)));
            }
        } catch (SQLException e) {
            throw new MaintenanceFailed("Creating the staging partitions ahead failed: " + e.getMessage(), e);
        }
        return created;
    }

    /**
     * Drops the staging day partitions that ended more than {@code retention} ago and whose every row core holds.
     * Zero keeps everything. Waits for a normaliser run in progress to end.
     *
     * @return every partition past the window, dropped or kept
     * @throws MaintenanceFailed if the database refused
     */
    public List<ExpiredPartition> dropExpired(Duration retention) {
        if (retention.isNegative()) {
            throw new IllegalArgumentException("the staging retention must be 0 or positive, was " + retention);
        }
        List<ExpiredPartition> expired = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(DROP_EXPIRED)) {
            statement.setLong(1, retention.toSeconds());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    expired.add(new ExpiredPartition(rows.getString(1), rows.getString(2),
                            rows.getObject(3, java.time.OffsetDateTime.class).toInstant(), rows.getBoolean(4),
                            rows.getObject(5, Long.class), rows.getLong(6), rows.getString(7)));
                }
            }
        } catch (SQLException e) {
            throw new MaintenanceFailed("Dropping expired staging partitions failed: " + e.getMessage(), e);
        }
        return expired;
    }
}
