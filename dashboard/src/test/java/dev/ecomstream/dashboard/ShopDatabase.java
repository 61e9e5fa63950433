package dev.ecomstream.dashboard;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.schema.ColumnDefinition;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.schema.SchemaMigrator;
import dev.ecomstream.schema.normalise.NormaliserRun;
import dev.ecomstream.schema.normalise.NormaliserRunner;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * A migrated database of its own on the dev stack's PostgreSQL, landing staging rows the way the sink
 * does (Kafka coordinates included) and normalising them into core with the project's normaliser.
 */
final class ShopDatabase {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final DataSource dataSource;
    private final Map<Entity, Long> nextOffset = new EnumMap<>(Entity.class);
    private long landedRows;

    private ShopDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    static ShopDatabase create(DevStack stack, String purpose) {
        String name = "dashboard_" + purpose + "_" + DATABASES.incrementAndGet() + "_" + System.nanoTime() % 100000;
        DataSource dataSource = stack.postgres().createDatabase(name);
        SchemaMigrator.migrate(dataSource);
        return new ShopDatabase(dataSource);
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Column name/value pairs, in order; values may be null and are cast to the catalog's types. */
    static Map<String, Object> row(Object... namesAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            row.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return row;
    }

    /** Lands one row of {@code entity} in its own transaction, at the next offset of partition 0. */
    void land(Entity entity, Map<String, Object> row) {
        String values = row.keySet().stream()
                .map(column -> "CAST(? AS " + sqlType(entity, column) + ")")
                .collect(Collectors.joining(", "));
        String sql = "INSERT INTO " + entity.stagingTable() + " (kafka_topic, kafka_partition, kafka_offset, "
                + String.join(", ", row.keySet()) + ") VALUES (?, 0, ?, " + values + ")";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(sql)) {
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
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs the normaliser until every landed row is in core or pending. */
    void normalise() {
        NormaliserRun run = new NormaliserRunner(dataSource).runUntilCaughtUp(Duration.ofSeconds(30));
        if (!run.caughtUp()) {
            throw new AssertionError("the normaliser did not catch up within 30 s: " + run);
        }
    }

    void execute(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    long count(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** How many staging rows {@link #land} has landed. */
    synchronized long landedRows() {
        return landedRows;
    }

    private synchronized long nextOffset(Entity entity) {
        landedRows++;
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
}
