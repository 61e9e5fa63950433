package dev.ecomstream.quickstart;

import dev.ecomstream.schema.Entity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Counts what reached PostgreSQL: rows in a staging table, and records the sink rejected from a topic. */
final class StagingCounter {

    private final DataSource dataSource;

    StagingCounter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    long landed(Entity entity) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + entity.stagingTable())) {
            rows.next();
            return rows.getLong(1);
        }
    }

    long rejectedBySink(String topic) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM staging.rejected_records WHERE kafka_topic = ?")) {
            statement.setString(1, topic);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
