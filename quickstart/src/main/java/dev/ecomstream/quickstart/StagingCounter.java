package dev.ecomstream.quickstart;

import dev.ecomstream.schema.Entity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Counts what reached PostgreSQL: rows landed in an entity's staging table, and records the sink rejected from a
 * topic. Through the ops views, which publish both; staging's tables are the sink's own.
 */
final class StagingCounter {

    private final DataSource dataSource;

    StagingCounter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    long landed(Entity entity) throws SQLException {
        return count("SELECT count(*) FROM ops.landed_rows WHERE entity = ?", entity.entityName());
    }

    long rejectedBySink(String topic) throws SQLException {
        return count("SELECT count(*) FROM ops.rejected_records WHERE kafka_topic = ?", topic);
    }

    private long count(String sql, String parameter) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
