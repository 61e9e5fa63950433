package dev.ecomstream.sink.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Queries against a test database, and the exactly-once checks every scenario ends with. */
public final class Staging {

    private final DataSource dataSource;

    public Staging(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public long count(String sql) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            // e.g. the tables do not exist yet while the sink is still migrating
            return -1;
        }
    }

    public String text(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as(sql).isTrue();
            return rows.getString(1);
        }
    }

    public List<List<String>> rows(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            List<List<String>> result = new ArrayList<>();
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                List<String> row = new ArrayList<>();
                for (int c = 1; c <= columns; c++) {
                    row.add(rows.getString(c));
                }
                result.add(row);
            }
            return result;
        }
    }

    public void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    public long events() {
        return count("SELECT count(*) FROM staging.events");
    }

    /** The stored next offsets summed over all partitions: every record landed or rejected, when offsets start at 0. */
    public long storedOffsets() {
        return count("SELECT coalesce(sum(next_offset), 0) FROM staging.sink_offsets");
    }

    /**
     * Every event 0..count-1 is in staging exactly once with its content, nothing was rejected (a duplicate
     * would be rejected by the unique coordinates), and the stored offsets account for every record.
     */
    public void assertEventsExactlyOnce(long count) throws SQLException {
        assertThat(count("SELECT count(*) FROM staging.events")).as("rows").isEqualTo(count);
        assertThat(count("SELECT count(DISTINCT id) FROM staging.events")).as("distinct ids").isEqualTo(count);
        assertThat(count("SELECT min(id) FROM staging.events")).as("min id").isZero();
        assertThat(count("SELECT max(id) FROM staging.events")).as("max id").isEqualTo(count - 1);
        assertThat(count("SELECT count(*) FROM staging.rejected_records")).as("rejected").isZero();
        assertThat(text(EventRecords.CHECKSUM_SQL)).as("checksum").isEqualTo(EventRecords.checksum(count));
        assertThat(count("SELECT sum(next_offset) FROM staging.sink_offsets")).as("stored offsets").isEqualTo(count);
        assertOffsetsMatchRows();
    }

    /** Per partition, the stored next offset is exactly the number of rows landed from it (offsets from 0). */
    public void assertOffsetsMatchRows() throws SQLException {
        List<List<String>> mismatches = rows("SELECT o.kafka_partition, o.next_offset, e.rows, e.last "
                + "FROM staging.sink_offsets o LEFT JOIN (SELECT kafka_partition, count(*) AS rows, "
                + "max(kafka_offset) AS last FROM staging.events GROUP BY kafka_partition) e USING (kafka_partition) "
                + "WHERE o.next_offset <> coalesce(e.rows, 0) OR o.next_offset <> coalesce(e.last + 1, 0)");
        assertThat(mismatches).as("partitions whose stored offset disagrees with the rows landed").isEmpty();
    }
}
