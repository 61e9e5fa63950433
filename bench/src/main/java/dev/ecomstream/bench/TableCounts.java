package dev.ecomstream.bench;

import dev.ecomstream.schema.Entity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import javax.sql.DataSource;

/** Counts that tell how far a step has got: rows per core table, and records the sink has taken per topic. */
final class TableCounts {

    private final DataSource dataSource;
    private final String coreCountsSql;

    TableCounts(DataSource dataSource) {
        this.dataSource = dataSource;
        // One statement, one snapshot: the seven core tables named like the entities.
        StringJoiner select = new StringJoiner(", ", "SELECT ", "");
        for (Entity entity : Entity.values()) {
            select.add("(SELECT count(*) FROM core." + entity.entityName() + ")");
        }
        this.coreCountsSql = select.toString();
    }

    /** Rows in each entity's core table. */
    Map<Entity, Long> core() throws SQLException {
        Map<Entity, Long> counts = new EnumMap<>(Entity.class);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(coreCountsSql)) {
            row.next();
            int column = 1;
            for (Entity entity : Entity.values()) {
                counts.put(entity, row.getLong(column++));
            }
        }
        return counts;
    }

    /**
     * Records of {@code topic} the sink has committed, landed or rejected: the sum of its stored next offsets
     * (ops.sink_progress publishes them). Cheap (one row per partition) where counting staging would scan millions
     * of rows; exact because the topics are fresh and the idempotent producer leaves no gaps in the offsets.
     */
    long takenBySink(String topic) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return takenBySink(connection, topic);
        }
    }

    /** As {@link #takenBySink(String)}, on a connection the caller keeps open between frequent polls. */
    static long takenBySink(Connection connection, String topic) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT coalesce(sum(stored_next_offset), 0) FROM ops.sink_progress WHERE topic = ?")) {
            statement.setString(1, topic);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** Records the sink rejected, over all topics. */
    long rejectedBySink() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT count(*) FROM ops.rejected_records")) {
            row.next();
            return row.getLong(1);
        }
    }
}
