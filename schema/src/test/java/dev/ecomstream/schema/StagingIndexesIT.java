package dev.ecomstream.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.testkit.StagingDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Staging's indexes are part of the cost of every landed row: none may be a btree, and the normaliser must
 * still find a window of new rows, and a row by its staging id, through an index.
 */
@ExtendWith(DevStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StagingIndexesIT {

    private DataSource database;

    @BeforeAll
    void migrate(DevStack devStack) {
        database = StagingDatabase.create(devStack, "staging_indexes").dataSource();
    }

    @Test
    void shouldKeepNoBtreeOnAnyStagingTableOrPartition() throws SQLException {
        for (Entity entity : Entity.values()) {
            List<String> btrees = strings("SELECT i.indexrelid::regclass::text FROM pg_index i "
                    + "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
                    + "WHERE i.indrelid IN (SELECT relid FROM pg_partition_tree('" + entity.stagingTable() + "')) "
                    + "AND a.amname = 'btree'");
            assertThat(btrees).as("btrees of %s", entity.stagingTable()).isEmpty();
        }
    }

    @Test
    void shouldFindTheNormalisersWindowOfNewRowsThroughTheBrinIndex() throws SQLException {
        for (Entity entity : Entity.values()) {
            String plan;
            try (Connection connection = database.getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("SET enable_seqscan = off");
                // the predicate the normaliser's functions use (R__11)
                plan = String.join("\n", strings(statement, "EXPLAIN SELECT * FROM " + entity.stagingTable()
                        + " WHERE staging.xid_number(landed_xid) >= staging.xid_number('100'::xid8)"
                        + " AND staging.xid_number(landed_xid) < staging.xid_number('200'::xid8)"));
            }
            assertThat(plan).as("plan of the window of %s", entity.stagingTable())
                    .containsPattern("Bitmap Index Scan on " + entity.entityName() + "_p\\d{8}_landed_brin");
        }
    }

    @Test
    void shouldFindARowByItsStagingIdThroughTheBrinIndex() throws SQLException {
        String plan;
        try (Connection connection = database.getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("SET enable_seqscan = off");
            plan = String.join("\n", strings(statement, "EXPLAIN SELECT * FROM staging.events WHERE staging_id = 42"));
        }
        assertThat(plan).containsPattern("Bitmap Index Scan on events_p\\d{8}_landed_brin");
    }

    @Test
    void shouldOrderTransactionIdsAsBigints() throws SQLException {
        assertThat(strings("SELECT staging.xid_number('9007199254740993'::xid8) > staging.xid_number('42'::xid8)"))
                .containsExactly("t");
        assertThat(strings("SELECT staging.xid_number(pg_current_xact_id()) = pg_current_xact_id()::text::bigint"))
                .containsExactly("t");
    }

    private List<String> strings(String sql) throws SQLException {
        try (Connection connection = database.getConnection();
             Statement statement = connection.createStatement()) {
            return strings(statement, sql);
        }
    }

    private static List<String> strings(Statement statement, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
