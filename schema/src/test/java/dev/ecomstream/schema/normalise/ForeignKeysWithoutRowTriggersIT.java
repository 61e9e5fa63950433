package dev.ecomstream.schema.normalise;

import static dev.ecomstream.schema.normalise.ShopFixture.INVENTORY_ITEM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.testkit.StagingDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The normaliser skips PostgreSQL's row-by-row foreign key triggers when its role may
 * (core.may_skip_foreign_key_triggers): what those triggers guarantee must still hold, with or without them.
 */
@ExtendWith(DevStackExtension.class)
class ForeignKeysWithoutRowTriggersIT {

    @Test
    void shouldKeepAnotherTransactionFromDeletingAParentThatARunningNormaliserRefersTo(DevStack stack) throws SQLException {
        StagingDatabase db = StagingDatabase.create(stack, "parent_locked");
        ShopFixture.landCenterAndProduct(db);
        ShopFixture.landInventoryItem(db, INVENTORY_ITEM);
        db.normalise();
        ShopFixture.landOrderItem(db); // refers to the inventory item core already holds

        try (Connection normaliser = db.dataSource().getConnection();
             Connection other = db.dataSource().getConnection();
             Statement running = normaliser.createStatement();
             Statement deleting = other.createStatement()) {
            normaliser.setAutoCommit(false);
            running.execute("SELECT * FROM core.normalise()");
            assertThat(scalar(running, "SELECT current_setting('session_replication_role')"))
                    .as("restored when the run returns").isEqualTo("origin");

            deleting.execute("SET lock_timeout = '1s'");
            assertThatThrownBy(() -> deleting.execute(
                    "DELETE FROM core.inventory_items WHERE inventory_item_id = " + INVENTORY_ITEM))
                    .as("the run holds the parent it did not write, as the foreign key trigger would")
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("55P03");
            normaliser.commit();
        }
        assertThat(db.scalar("SELECT count(*) FROM core.order_items oi "
                + "JOIN core.inventory_items ii USING (inventory_item_id)")).isEqualTo(1L);
    }

    @Test
    void shouldCheckEveryRowWhenTheRoleMayNotSkipTheTriggersAndPlaceTheSameRows(DevStack stack) {
        StagingDatabase withTriggers = StagingDatabase.create(stack, "row_checks");
        StagingDatabase withoutTriggers = StagingDatabase.create(stack, "no_row_checks");
        String role = "normaliser_without_replica_" + System.nanoTime() % 100000;
        withTriggers.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'unused'");
        withTriggers.execute("GRANT USAGE ON SCHEMA staging, core, mart TO " + role);
        // mart: the aggregate tables each run keeps (README, "Database privileges")
        withTriggers.execute("GRANT ALL ON ALL TABLES IN SCHEMA staging, core, mart TO " + role);
        withTriggers.execute("GRANT ALL ON ALL SEQUENCES IN SCHEMA staging, core TO " + role);
        for (StagingDatabase db : new StagingDatabase[] {withTriggers, withoutTriggers}) {
            ShopFixture.landOrderItem(db); // children first: parents inferred
            ShopFixture.landAll(db);
        }
        PGSimpleDataSource asRole = new PGSimpleDataSource();
        asRole.setUrl(stack.postgres().jdbcUrl(withTriggers.name()));
        asRole.setUser(role);
        asRole.setPassword("unused");
        StagingDatabase checkedByTriggers = StagingDatabase.attach(withTriggers.name(), asRole);

        assertThat(checkedByTriggers.scalar("SELECT core.may_skip_foreign_key_triggers()")).isEqualTo(false);
        NormaliserRun checked = checkedByTriggers.normalise();
        NormaliserRun unchecked = withoutTriggers.normalise();

        assertThat(withoutTriggers.scalar("SELECT core.may_skip_foreign_key_triggers()")).isEqualTo(true);
        for (Entity entity : Entity.values()) {
            assertThat(checked.counts(entity)).as(entity.name()).isEqualTo(unchecked.counts(entity));
        }
        assertThat(withTriggers.coreFingerprint("normalised_at")).isEqualTo(withoutTriggers.coreFingerprint("normalised_at"));
    }

    private static Object scalar(Statement statement, String sql) throws SQLException {
        try (var result = statement.executeQuery(sql)) {
            result.next();
            return result.getObject(1);
        }
    }
}
