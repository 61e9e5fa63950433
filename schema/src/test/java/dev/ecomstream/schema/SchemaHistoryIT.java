package dev.ecomstream.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A start skips Flyway only when its history holds every migration of the build, unchanged. */
@ExtendWith(DevStackExtension.class)
class SchemaHistoryIT {

    @Test
    void shouldComputeTheChecksumsFlywayStoredForEveryScript(DevStack devStack) throws SQLException {
        DataSource database = devStack.postgres().createDatabase("schema_history_checksums");
        assertThat(SchemaHistory.upToDateVersion(database)).as("no history yet").isEmpty();

        assertThat(SchemaMigrator.migrate(database)).isGreaterThan(0);

        Map<String, Integer> stored = new HashMap<>();
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT script, checksum FROM staging.flyway_schema_history WHERE checksum IS NOT NULL")) {
            while (rows.next()) {
                stored.put(rows.getString(1), rows.getInt(2));
            }
        }
        assertThat(SchemaHistory.scriptChecksums()).hasSizeGreaterThan(10).isEqualTo(stored);
        assertThat(SchemaHistory.upToDateVersion(database)).hasValueSatisfying(
                version -> assertThat(version).isEqualTo(highestVersion(stored)));
        assertThat(SchemaMigrator.migrate(database)).isZero();
    }

    @Test
    void shouldRunFlywayWhenAScriptChangedOrAMigrationFailed(DevStack devStack) throws SQLException {
        DataSource database = devStack.postgres().createDatabase("schema_history_changed");
        SchemaMigrator.migrate(database);

        // what an edited repeatable script looks like from the database: another checksum than the file's
        execute(database, "UPDATE staging.flyway_schema_history SET checksum = checksum + 1 "
                + "WHERE script = 'R__30_mart.sql'");
        assertThat(SchemaHistory.upToDateVersion(database)).isEmpty();
        assertThat(SchemaMigrator.migrate(database)).as("Flyway applies the repeatable script again").isEqualTo(1);
        assertThat(SchemaHistory.upToDateVersion(database)).isPresent();

        execute(database, "INSERT INTO staging.flyway_schema_history (installed_rank, version, description, type, "
                + "script, checksum, installed_by, execution_time, success) "
                + "VALUES (1000, '999', 'failed', 'SQL', 'V999__failed.sql', 1, current_user, 0, false)");
        assertThat(SchemaHistory.upToDateVersion(database)).as("a failed migration: Flyway must say so").isEmpty();
    }

    private static String highestVersion(Map<String, Integer> scripts) {
        return scripts.keySet().stream().filter(name -> name.startsWith("V"))
                .map(name -> name.substring(1, name.indexOf("__"))).max(String::compareTo).orElseThrow();
    }

    private static void execute(DataSource database, String sql) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
