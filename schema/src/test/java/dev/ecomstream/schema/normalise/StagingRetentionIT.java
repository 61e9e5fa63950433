package dev.ecomstream.schema.normalise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.testkit.StagingDatabase;
import dev.ecomstream.schema.SchemaMigrator;
import dev.ecomstream.schema.StagingPartitions;
import dev.ecomstream.schema.StagingPartitions.CreatedPartition;
import dev.ecomstream.schema.StagingPartitions.ExpiredPartition;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Staging is partitioned by UTC day (V014): partitions exist before rows land, and days older than the retention
 * window go away whole, but only once core holds every row of them.
 */
@ExtendWith(DevStackExtension.class)
class StagingRetentionIT {

    private static final Duration WEEK = Duration.ofDays(7);
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private long nextOffset = 1_000_000;

    @Test
    void shouldHaveTodaysAndTomorrowsPartitionsAndCreateMissingOnesAgainOnlyOnce(DevStack stack) {
        StagingDatabase db = StagingDatabase.create(stack, "ahead");
        StagingPartitions partitions = new StagingPartitions(db.dataSource());
        for (Entity entity : Entity.values()) {
            assertThat(partitionsOf(db, entity)).as(entity.stagingTable())
                    .contains(partition(entity, today()), partition(entity, today().plusDays(1)),
                            entity.entityName() + "_default");
        }
        db.execute("DROP TABLE staging." + partition(Entity.ORDERS, today().plusDays(1)));

        assertThat(partitions.createAhead()).containsExactly(
                new CreatedPartition(partition(Entity.ORDERS, today().plusDays(1)), 0));
        assertThat(partitions.createAhead()).as("nothing left to do").isEmpty();
        assertThat(db.scalar("SELECT count(*) FROM pg_indexes WHERE schemaname = 'staging' AND indexname = ?",
                partition(Entity.ORDERS, today().plusDays(1)) + "_landed_brin")).as("its BRIN index").isEqualTo(1L);
    }

    @Test
    void shouldLandRowsOnEitherSideOfMidnightInTheirDaysPartitions(DevStack stack) {
        StagingDatabase db = StagingDatabase.create(stack, "midnight");
        String midnight = "date_trunc('day', now(), 'UTC')";
        landUser(db, 1, midnight + " - interval '1 microsecond'");
        landUser(db, 2, midnight);
        new StagingPartitions(db.dataSource()).createAhead(); // yesterday's partition: its row is in the DEFAULT one

        assertThat(db.query("SELECT id, tableoid::regclass::text AS partition FROM staging.users ORDER BY id"))
                .containsExactly(
                        StagingDatabase.row("id", 1L, "partition", "staging." + partition(Entity.USERS, today().minusDays(1))),
                        StagingDatabase.row("id", 2L, "partition", "staging." + partition(Entity.USERS, today())));
        assertThat(db.normalise().counts(Entity.USERS).orElseThrow().inserted())
                .as("the normaliser reads every partition").isEqualTo(2);
    }

    @Test
    void shouldMoveRowsOfTheDefaultPartitionIntoTheirDaysPartitionKeepingTheirStagingIds(DevStack stack) {
        StagingDatabase db = StagingDatabase.create(stack, "default");
        landUser(db, 1, "now() + interval '30 days'");
        Object stagingId = db.scalar("SELECT staging_id FROM staging.users_default WHERE id = 1");
        assertThat(stagingId).as("no partition 30 days ahead: the DEFAULT partition takes the row").isNotNull();

        List<CreatedPartition> created = new StagingPartitions(db.dataSource()).createAhead();

        assertThat(created).containsExactly(new CreatedPartition(partition(Entity.USERS, today().plusDays(30)), 1));
        assertThat(db.scalar("SELECT count(*) FROM staging.users_default")).isEqualTo(0L);
        assertThat(db.scalar("SELECT staging_id FROM staging." + partition(Entity.USERS, today().plusDays(30))))
                .isEqualTo(stagingId);
    }

    @Test
    void shouldDropADayOlderThanTheWindowWhoseRowsCoreHoldsAndKeepEverythingElse(DevStack stack) {
        StagingDatabase db = StagingDatabase.create(stack, "drop");
        StagingPartitions partitions = new StagingPartitions(db.dataSource());
        landUser(db, 1, "now() - interval '10 days'");
        landUser(db, 2, "now() - interval '6 days'");
        landUser(db, 3, "now()");
        partitions.createAhead();
        db.normalise();

        List<ExpiredPartition> expired = partitions.dropExpired(WEEK);

        String tenDaysAgo = partition(Entity.USERS, today().minusDays(10));
        assertThat(expired).singleElement().satisfies(dropped -> {
            assertThat(dropped.partition()).isEqualTo(tenDaysAgo);
            assertThat(dropped.entity()).isEqualTo("users");
            assertThat(dropped.dropped()).isTrue();
            assertThat(dropped.rows()).isEqualTo(1L);
            assertThat(dropped.bytes()).isPositive();
            assertThat(dropped.keptBecause()).isNull();
        });
        assertThat(partitionsOf(db, Entity.USERS)).doesNotContain(tenDaysAgo)
                .contains(partition(Entity.USERS, today().minusDays(6)), partition(Entity.USERS, today()));
        assertThat(db.scalar("SELECT count(*) FROM staging.users")).isEqualTo(2L);
        assertThat(db.scalar("SELECT count(*) FROM core.users")).as("core keeps what it holds").isEqualTo(3L);
        assertThat(partitions.dropExpired(WEEK)).as("nothing left past the window").isEmpty();
    }

    @Test
    void shouldKeepADayWithARowTheNormaliserHasNotTakenYetUntilItHas(DevStack stack) {
        StagingDatabase db = StagingDatabase.create(stack, "unprocessed");
        StagingPartitions partitions = new StagingPartitions(db.dataSource());
        db.normalise();
        landUser(db, 1, "now() - interval '10 days'");
        partitions.createAhead();

        assertThat(partitions.dropExpired(WEEK)).singleElement().satisfies(kept -> {
            assertThat(kept.dropped()).isFalse();
            assertThat(kept.rows()).isEqualTo(1L);
            assertThat(kept.keptBecause()).startsWith("1 rows not normalised yet");
        });
        assertThat(partitionsOf(db, Entity.USERS)).contains(partition(Entity.USERS, today().minusDays(10)));

        db.normalise();
        assertThat(db.scalar("SELECT count(*) FROM core.users WHERE user_id = 1")).isEqualTo(1L);
        assertThat(partitions.dropExpired(WEEK)).singleElement().extracting(ExpiredPartition::dropped).isEqualTo(true);
    }

    @Test
    void shouldKeepADayWithARowThatWaitsInPending(DevStack stack) {
        StagingDatabase db = StagingDatabase.create(stack, "pending");
        StagingPartitions partitions = new StagingPartitions(db.dataSource());
        // an event without a session id can never be placed: it waits in core.pending, read from staging
        db.execute("INSERT INTO staging.events (kafka_topic, kafka_partition, kafka_offset, landed_at, id, event_type) "
                + "VALUES ('events', 0, 1, now() - interval '10 days', 77, 'home')");
        partitions.createAhead();
        db.normalise();
        assertThat(db.scalar("SELECT count(*) FROM core.pending WHERE entity = 'events'")).isEqualTo(1L);

        assertThat(partitions.dropExpired(WEEK)).singleElement().satisfies(kept -> {
            assertThat(kept.partition()).isEqualTo(partition(Entity.EVENTS, today().minusDays(10)));
            assertThat(kept.dropped()).isFalse();
            assertThat(kept.keptBecause()).isEqualTo("1 rows wait in core.pending");
        });
        assertThat(db.scalar("SELECT count(*) FROM staging.events")).isEqualTo(1L);
    }

    @Test
    void shouldKeepEveryDayWithARetentionOfZeroAndRefuseANegativeOne(DevStack stack) {
        StagingDatabase db = StagingDatabase.create(stack, "zero");
        StagingPartitions partitions = new StagingPartitions(db.dataSource());
        landUser(db, 1, "now() - interval '400 days'");
        partitions.createAhead();
        db.normalise();

        assertThat(partitions.dropExpired(Duration.ZERO)).isEmpty();
        assertThat(partitionsOf(db, Entity.USERS)).contains(partition(Entity.USERS, today().minusDays(400)));
        assertThatThrownBy(() -> db.scalar("SELECT count(*) FROM staging.drop_expired_partitions('-1 day')"))
                .hasMessageContaining("the retention must be 0 (keep every staging row) or a positive interval");
    }

    @Test
    void shouldMoveTheRowsOfAnUnpartitionedStagingIntoDayPartitionsWithTheirIdsAndGoOnFromTheLastId(DevStack stack) {
        StagingDatabase db = migratedUpTo(stack, "staging_before_partitions", "12");
        landUser(db, 1, "now() - interval '3 days'");
        landUser(db, 2, "now()");
        List<Map<String, Object>> before = db.query(
                "SELECT staging_id, landed_at, landed_xid::text FROM staging.users ORDER BY staging_id");

        SchemaMigrator.migrate(db.dataSource());

        assertThat(db.query("SELECT staging_id, landed_at, landed_xid::text FROM staging.users ORDER BY staging_id"))
                .isEqualTo(before);
        assertThat(partitionsOf(db, Entity.USERS)).contains(partition(Entity.USERS, today().minusDays(3)));
        landUser(db, 3, "now()");
        assertThat(db.scalar("SELECT staging_id FROM staging.users WHERE id = 3"))
                .isEqualTo((Long) before.get(1).get("staging_id") + 1);
        assertThat(db.normalise().counts(Entity.USERS).orElseThrow().inserted()).isEqualTo(3);
    }

    @Test
    void shouldNameTheViewsThatKeepTheStagingTablesFromBeingPartitioned(DevStack stack) {
        StagingDatabase db = migratedUpTo(stack, "staging_with_a_user_view", "13");
        db.execute("CREATE VIEW public.my_events AS SELECT id, created_at FROM staging.events");

        assertThatThrownBy(() -> SchemaMigrator.migrate(db.dataSource()))
                .hasMessageContaining("views depend on them: public.my_events (on staging.events)");
        assertThat(db.scalar("SELECT max(version) FROM staging.flyway_schema_history")).isEqualTo("013");

        db.execute("DROP VIEW public.my_events");
        SchemaMigrator.migrate(db.dataSource());
        assertThat(partitionsOf(db, Entity.EVENTS)).isNotEmpty();
    }

    private void landUser(StagingDatabase db, long id, String landedAt) {
        db.execute("INSERT INTO staging.users (kafka_topic, kafka_partition, kafka_offset, landed_at, id, first_name) "
                + "VALUES ('users', 0, " + nextOffset++ + ", " + landedAt + ", " + id + ", 'Ada')");
    }

    private static List<String> partitionsOf(StagingDatabase db, Entity entity) {
        return db.query("SELECT relid::regclass::text AS name FROM pg_partition_tree(?::regclass) WHERE isleaf",
                        entity.stagingTable()).stream()
                .map(row -> ((String) row.get("name")).substring("staging.".length()))
                .toList();
    }

    private static String partition(Entity entity, LocalDate day) {
        return entity.entityName() + "_p" + DAY.format(day);
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    /** A database of its own with the migrations up to {@code version} only, as an older release left it. */
    private static StagingDatabase migratedUpTo(DevStack stack, String name, String version) {
        DataSource database = stack.postgres().createDatabase(name);
        Flyway.configure().dataSource(database).locations("classpath:db/migration")
                .defaultSchema("staging").schemas("staging").target(version).load().migrate();
        return StagingDatabase.attach(name, database);
    }
}
