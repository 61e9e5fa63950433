package dev.ecomstream.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.testkit.StagingDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Migrates a real database and compares every staging table with the entity catalog. */
@ExtendWith(DevStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogMatchesDatabaseIT {

    private static final List<String> COORDINATE_COLUMNS =
            List.of("staging_id", "kafka_topic", "kafka_partition", "kafka_offset", "landed_at", "landed_xid");

    /** A staging column in a description's SQL: the staging row is {@code s}. */
    private static final Pattern STAGING_COLUMN = Pattern.compile("\\bs\\.(\\w+)");

    private DataSource database;

    @BeforeAll
    void migrate(DevStack devStack) {
        database = StagingDatabase.create(devStack, "catalog_matches_database").dataSource();
    }

    @Test
    void shouldHaveAStagingTableWithTheCatalogColumnsAndTypesForEveryEntity() throws SQLException {
        for (Entity entity : Entity.values()) {
            Map<String, String> actual = columnTypes(entity.entityName());
            Map<String, String> expected = new LinkedHashMap<>();
            entity.columns().forEach(c -> expected.put(c.name(), c.type().sqlType()));
            List<String> entityColumns = new ArrayList<>(actual.keySet());
            entityColumns.removeAll(COORDINATE_COLUMNS);
            assertThat(entityColumns).as("columns of %s", entity.stagingTable())
                    .containsExactlyElementsOf(expected.keySet());
            expected.forEach((name, type) ->
                    assertThat(actual.get(name)).as("%s.%s", entity.stagingTable(), name).isEqualTo(type));
            assertThat(actual.keySet()).as("Kafka coordinates of %s", entity.stagingTable())
                    .containsAll(COORDINATE_COLUMNS);
        }
    }

    @Test
    void shouldRefuseANullKeyInStaging() throws SQLException {
        for (Entity entity : Entity.values()) {
            assertThat(isNullable(entity.entityName(), entity.keyColumn())).as(entity.stagingTable()).isFalse();
        }
    }

    @Test
    void shouldBeAtTheLatestVersionAfterASecondMigration() {
        assertThat(SchemaMigrator.migrate(database)).isZero();
    }

    @Test
    void shouldHaveTheOffsetAndRejectedRecordTables() throws SQLException {
        assertThat(columnTypes("sink_offsets")).containsKeys("topic", "kafka_partition", "next_offset");
        assertThat(columnTypes("rejected_records")).containsKeys("kafka_topic", "kafka_partition", "kafka_offset",
                "record_key", "record_value", "reason");
    }

    /**
     * The normaliser's description (V009) reads catalog columns and writes core columns that exist, and every
     * column of a core table the normaliser writes is described: a column added to core without its
     * description row, or described from a staging column the catalog lacks, fails here.
     */
    @Test
    void shouldDescribeTheNormaliserWithCatalogColumnsAndEveryCoreColumnItWrites() throws SQLException {
        List<String> problems = new ArrayList<>();
        for (Map<String, String> described : rows("SELECT c.entity, c.target_table, c.target_column, c.source, "
                + "t.key_column, t.key_source FROM core.normaliser_columns c JOIN core.normaliser_tables t "
                + "USING (entity, target_table)")) {
            Entity entity = Entity.byName(described.get("entity")).orElseThrow();
            Matcher staging = STAGING_COLUMN.matcher(described.get("source") + " s." + described.get("key_source"));
            while (staging.find()) {
                if (entity.findColumn(staging.group(1)).isEmpty()) {
                    problems.add(described + " reads " + staging.group(1) + ", not a column of the catalog");
                }
            }
        }
        problems.addAll(rows("""
                SELECT format('%s.%s is not in core', c.target_table, c.target_column) AS problem
                FROM core.normaliser_columns c
                WHERE NOT EXISTS (SELECT FROM information_schema.columns i WHERE i.table_schema = 'core'
                                  AND i.table_name = c.target_table AND i.column_name = c.target_column)
                UNION ALL
                SELECT format('core.%s.%s is written by no description row', i.table_name, i.column_name)
                FROM information_schema.columns i
                JOIN core.normaliser_tables t ON t.target_table = i.table_name
                WHERE i.table_schema = 'core'
                  AND i.column_name NOT IN ('source_staging_id', 'normalised_at', 'is_inferred')
                  AND i.is_identity = 'NO'  -- filled by the database (core.sessions.session_key)
                  AND i.column_name <> t.key_column
                  AND NOT EXISTS (SELECT FROM core.normaliser_columns c WHERE c.target_table = i.table_name
                                  AND c.target_column = i.column_name)""").stream()
                .map(row -> row.get("problem")).toList());
        assertThat(problems).isEmpty();
    }

    private List<Map<String, String>> rows(String sql) throws SQLException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement(sql);
             ResultSet result = query.executeQuery()) {
            while (result.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                    row.put(result.getMetaData().getColumnLabel(i), result.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private Map<String, String> columnTypes(String table) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT column_name, data_type "
                     + "FROM information_schema.columns WHERE table_schema = 'staging' AND table_name = ? "
                     + "ORDER BY ordinal_position")) {
            query.setString(1, table);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    types.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return types;
    }

    private boolean isNullable(String table, String column) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT is_nullable FROM information_schema.columns "
                     + "WHERE table_schema = 'staging' AND table_name = ? AND column_name = ?")) {
            query.setString(1, table);
            query.setString(2, column);
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).as("%s.%s exists", table, column).isTrue();
                return rows.getString(1).equals("YES");
            }
        }
    }
}
