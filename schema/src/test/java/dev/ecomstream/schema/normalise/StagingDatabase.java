package dev.ecomstream.schema.normalise;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.schema.ColumnDefinition;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.schema.SchemaMigrator;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * A fresh, migrated database on the dev stack's PostgreSQL, with plain-SQL helpers to land staging rows the
 * way the sink would (Kafka coordinates included) and to read core back.
 */
final class StagingDatabase {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final DataSource dataSource;
    private final Map<Entity, Long> nextOffset = new EnumMap<>(Entity.class);

    private StagingDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates and migrates a database of its own, named after the test. */
    static StagingDatabase create(DevStack stack, String purpose) {
        String name = "normaliser_" + purpose + "_" + DATABASES.incrementAndGet() + "_" + System.nanoTime() % 100000;
        DataSource dataSource = stack.postgres().createDatabase(name);
        SchemaMigrator.migrate(dataSource);
        return new StagingDatabase(dataSource);
    }

    /**
     * A database migrated and filled elsewhere (a restore): rows land after the Kafka offsets it holds.
     */
    static StagingDatabase attach(DataSource dataSource) {
        StagingDatabase db = new StagingDatabase(dataSource);
        for (Entity entity : Entity.values()) {
            Object next = db.scalar("SELECT coalesce(max(kafka_offset) + 1, 0) FROM " + entity.stagingTable()
                    + " WHERE kafka_partition = 0");
            db.nextOffset.put(entity, ((Number) next).longValue());
        }
        return db;
    }

    DataSource dataSource() {
        return dataSource;
    }

    NormaliserRunner runner() {
        return new NormaliserRunner(dataSource);
    }

    /** Runs the normaliser until nothing is deferred (another test's transaction can hold the boundary). */
    NormaliserRun normalise() {
        NormaliserRun run = runner().runUntilCaughtUp(java.time.Duration.ofSeconds(30));
        if (!run.caughtUp()) {
            throw new AssertionError("the normaliser did not catch up within 30 s: " + run);
        }
        return run;
    }

    /** Column name/value pairs, in order; values may be null. */
    static Map<String, Object> row(Object... namesAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            row.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return row;
    }

    /** Lands rows of one entity in one transaction, at the next offsets of partition 0. */
    @SafeVarargs
    final void land(Entity entity, Map<String, Object>... rows) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            land(connection, entity, rows);
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lands rows on a connection the caller controls (its transaction, its commit). Returns the staging ids. */
    @SafeVarargs
    final List<Long> land(Connection connection, Entity entity, Map<String, Object>... rows) throws SQLException {
        List<Long> stagingIds = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            String columns = String.join(", ", row.keySet());
            String values = row.keySet().stream()
                    .map(column -> "CAST(? AS " + sqlType(entity, column) + ")")
                    .collect(Collectors.joining(", "));
            String sql = "INSERT INTO " + entity.stagingTable() + " (kafka_topic, kafka_partition, kafka_offset, "
                    + columns + ") VALUES (?, 0, ?, " + values + ") RETURNING staging_id";
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                insert.setString(1, entity.topic());
                insert.setLong(2, nextOffset(entity));
                int index = 3;
                for (Object value : row.values()) {
                    if (value == null) {
                        insert.setNull(index++, Types.VARCHAR);
                    } else {
                        insert.setString(index++, value.toString());
                    }
                }
                try (ResultSet result = insert.executeQuery()) {
                    result.next();
                    stagingIds.add(result.getLong(1));
                }
            }
        }
        return stagingIds;
    }

    /**
     * Lands every row of a CSV export of {@code entity} in one transaction, as the sink would (at the next
     * offsets of partition 0). The file is read by PostgreSQL's COPY with the types of the catalog. Returns
     * how many rows landed.
     */
    long landCsv(Entity entity, Path csv) {
        List<String> header;
        try (var lines = Files.lines(csv)) {
            header = List.of(lines.findFirst().orElseThrow().split(","));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + csv + ": " + e.getMessage(), e);
        }
        String columns = String.join(", ", header);
        String typedColumns = header.stream().map(c -> c + " " + entity.column(c).type().sqlType())
                .collect(Collectors.joining(", "));
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             Reader reader = Files.newBufferedReader(csv)) {
            connection.setAutoCommit(false);
            statement.execute("CREATE TEMP TABLE csv_rows (" + typedColumns + ") ON COMMIT DROP");
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY csv_rows (" + columns + ") FROM STDIN WITH (FORMAT csv, HEADER true)", reader);
            long first = nextOffsets(entity, Long.MAX_VALUE / 2);
            int landed = statement.executeUpdate("INSERT INTO " + entity.stagingTable()
                    + " (kafka_topic, kafka_partition, kafka_offset, " + columns + ") SELECT '" + entity.topic()
                    + "', 0, " + first + " + row_number() OVER (), " + columns + " FROM csv_rows");
            connection.commit();
            return landed;
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot land " + csv + ": " + e.getMessage(), e);
        }
    }

    /** Reserves a range of offsets far from the ones {@link #land} hands out one by one. */
    private synchronized long nextOffsets(Entity entity, long base) {
        return base + nextOffset(entity) * 1_000_000L;
    }

    private synchronized long nextOffset(Entity entity) {
        long offset = nextOffset.getOrDefault(entity, 0L);
        nextOffset.put(entity, offset + 1);
        return offset;
    }

    private static String sqlType(Entity entity, String column) {
        return entity.columns().stream()
                .filter(c -> c.name().equals(column))
                .map(ColumnDefinition::type)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(entity + " has no column " + column))
                .sqlType();
    }

    /** The first column of the first row, or null. */
    Object scalar(String sql, Object... parameters) {
        List<Map<String, Object>> rows = query(sql, parameters);
        return rows.isEmpty() ? null : rows.get(0).values().iterator().next();
    }

    /** All rows, each as column name -> value. */
    List<Map<String, Object>> query(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= columns; i++) {
                        row.put(result.getMetaData().getColumnLabel(i), result.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    void execute(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** A fingerprint of every core table's content, to prove a run changed nothing. */
    String coreFingerprint() {
        List<Map<String, Object>> tables = query("""
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = 'core' AND table_type = 'BASE TABLE'
                  AND table_name <> 'normaliser_watermarks' -- bookkeeping: moves on every run
                ORDER BY table_name""");
        StringBuilder fingerprint = new StringBuilder();
        for (Map<String, Object> table : tables) {
            String name = (String) table.get("table_name");
            fingerprint.append(name).append('=').append(scalar(
                    "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM core." + name + " t"))
                    .append('\n');
        }
        return fingerprint.toString();
    }
}
