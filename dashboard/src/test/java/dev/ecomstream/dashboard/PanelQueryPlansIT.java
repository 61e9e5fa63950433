package dev.ecomstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.testkit.StagingDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The panels' statements stay fast as tables grow: on a core of some ten thousand orders and a hundred
 * thousand events, staging rows and rejects, EXPLAIN shows every table that grows with time read through an
 * index (the UTC time indexes of V011, the BRIN indexes of staging and of rejected_at, primary keys), never a
 * sequential scan. The statements read the mart and the ops views only: the test explains them as they are.
 * Plans, not timings: the machines are shared and noisy, and a plan does not depend on them.
 */
@ExtendWith(DevStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PanelQueryPlansIT {

    /** Tables whose size grows with the shop's history; small lookups (categories, offsets) may be scanned. */
    private static final Set<String> GROWING = Set.of("orders", "order_items", "events", "inventory_items",
            "sessions", "users");

    private StagingDatabase database;
    private Instant now;
    private final Set<String> eventPartitionsWithRows = new java.util.HashSet<>();

    /* written straight into core with generate_series: the normaliser would take much longer, and the plans
       only depend on the tables' contents and statistics */
    @BeforeAll
    void fillCoreWithMonthsOfHistory(DevStack stack) throws SQLException {
        database = StagingDatabase.create(stack, "dashboard_plans");
        database.execute("""
                INSERT INTO core.distribution_centers (distribution_center_id, name, source_staging_id)
                VALUES (1, 'Memphis TN', 0);
                INSERT INTO core.brands (brand_name) SELECT 'brand ' || g FROM generate_series(1, 50) g;
                INSERT INTO core.categories (category_name) SELECT 'category ' || g FROM generate_series(1, 20) g;
                INSERT INTO core.products (product_id, product_name, brand_id, category_id, retail_price,
                                           distribution_center_id, source_staging_id)
                SELECT g, 'product ' || g, 1 + g % 50, 1 + g % 20, 10 + g % 90, 1, 0 FROM generate_series(1, 2000) g;
                INSERT INTO core.users (user_id, created_at, source_staging_id)
                SELECT g, timestamptz '2020-01-01 00:00Z', 0 FROM generate_series(1, 10000) g;
                INSERT INTO core.inventory_items (inventory_item_id, product_id, created_at, cost, source_staging_id)
                SELECT g, 1 + g % 2000, timestamptz '2020-01-01 00:00Z', 5, 0 FROM generate_series(1, 40000) g;
                INSERT INTO core.orders (order_id, user_id, status, created_at, source_staging_id)
                SELECT g, 1 + g % 10000, 'Complete', timestamptz '2020-01-01 00:00Z' + g * interval '5 minutes', 0
                FROM generate_series(1, 20000) g;
                INSERT INTO core.order_items (order_item_id, order_id, inventory_item_id, status, created_at,
                                              sale_price, source_staging_id)
                SELECT g, 1 + (g - 1) / 2, g, 'Complete',
                       timestamptz '2020-01-01 00:00Z' + (1 + (g - 1) / 2) * interval '5 minutes', 10 + g % 90, 0
                FROM generate_series(1, 40000) g;
                -- as many sessions as a long history holds: the events below use the first 20,000. With few
                -- sessions, hashing them all is cheaper than a lookup per event of a window, and the planner
                -- rightly does so; what is checked here is the plan once they are many
                INSERT INTO core.sessions (session_id, user_id)
                SELECT md5(g::text)::uuid, 1 + g % 10000 FROM generate_series(1, 400000) g;
                INSERT INTO core.events (event_id, session_id, sequence_number, created_at, uri, event_type,
                                         source_staging_id)
                SELECT g, md5((1 + g % 20000)::text)::uuid, 1, timestamptz '2020-01-01 00:00Z' + g * interval '1 minute',
                       '/', (ARRAY['home', 'department', 'product', 'cart', 'purchase'])[1 + g % 5], 0
                FROM generate_series(1, 100000) g;
                -- landed over a past day, in landing order, as the sink appends them
                INSERT INTO staging.events (kafka_topic, kafka_partition, kafka_offset, id, landed_at)
                SELECT 'ecomstream.events', 0, g, g, now() - interval '1 day' + g * interval '500 milliseconds'
                FROM generate_series(1, 100000) g;
                INSERT INTO staging.rejected_records (kafka_topic, kafka_partition, kafka_offset, reason, rejected_at)
                SELECT 'ecomstream.events', 1, g, 'value is not JSON', now() - interval '1 day' + g * interval '1 second'
                FROM generate_series(1, 50000) g;""");
        // normalised: the rows above are below every watermark, as they are once the normaliser has run
        database.execute("UPDATE core.normaliser_watermarks SET processed_below = pg_current_xact_id(), last_run_at = now()");
        database.execute("ANALYZE");
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement partitions = connection.prepareStatement(
                     "SELECT DISTINCT tableoid::regclass::text AS partition FROM staging.events");
             ResultSet rows = partitions.executeQuery()) {
            while (rows.next()) {
                eventPartitionsWithRows.add(rows.getString("partition").replaceFirst("^staging\\.", ""));
            }
        }
        assertThat(eventPartitionsWithRows).isNotEmpty();
        try (Connection connection = database.dataSource().getConnection()) {
            now = DashboardClock.DATA.now(connection);
        }
    }

    @Test
    void salesReadTheirWindowsByIndex() throws SQLException {
        Instant hourAgo = now.minus(Duration.ofHours(1));
        assertReadsGrowingTablesByIndex(PanelQueries.SLIDING_WINDOW_TOTALS, hourAgo, now, hourAgo, now);
        Instant midnight = now.truncatedTo(ChronoUnit.DAYS);
        assertReadsGrowingTablesByIndex(PanelQueries.DAY_TOTALS, midnight, now, midnight, now);
    }

    @Test
    void perMinuteSeriesReadTheirHoursByIndex() throws SQLException {
        Instant threeHoursAgo = now.minus(Duration.ofHours(3));
        assertReadsGrowingTablesByIndex(PanelQueries.ORDERS_PER_MINUTE, threeHoursAgo, now);
        assertReadsGrowingTablesByIndex(PanelQueries.EVENTS_PER_MINUTE, threeHoursAgo, now);
    }

    @Test
    void funnelAndBestSellersReadTheirHourByIndex() throws SQLException {
        Instant hourAgo = now.minus(Duration.ofHours(1));
        assertReadsGrowingTablesByIndex(PanelQueries.FUNNEL, hourAgo, now);
        assertReadsGrowingTablesByIndex(PanelQueries.TOP_PRODUCTS, hourAgo, now, 10);
        assertReadsGrowingTablesByIndex(PanelQueries.TOP_CATEGORIES, hourAgo, now, 10);
    }

    @Test
    void clockAndFreshnessReadTheEndsOfTheIndexes() throws SQLException {
        assertReadsGrowingTablesByIndex(DashboardClock.DATA_NOW);
        assertReadsGrowingTablesByIndex(PipelineQueries.FRESHNESS);
    }

    @Test
    void landedRowsAreFoundThroughTheBrinIndex() throws SQLException {
        assertFindsStagingEventsByBrin(scansOf(PipelineQueries.LANDED, 60));
        Instant wallNow = Instant.now();
        assertFindsStagingEventsByBrin(scansOf(PipelineQueries.LANDED_PER_MINUTE,
                wallNow.minus(Duration.ofHours(1)), wallNow.plus(Duration.ofMinutes(1))));
    }

    @Test
    void normaliserProgressFindsTheRowsAboveTheWatermarkThroughTheBrinIndex() throws SQLException {
        assertFindsStagingEventsByBrin(scansOf(PipelineQueries.NORMALISER));
    }

    @Test
    void rejectsPerMinuteAreFoundThroughTheBrinIndexOnRejectedAt() throws SQLException {
        Instant wallNow = Instant.now();
        List<JsonNode> scans = scansOf(PipelineQueries.REJECTED_PER_MINUTE, wallNow.minus(Duration.ofHours(1)),
                wallNow.plus(Duration.ofMinutes(1)));
        assertThat(scans).extracting(scan -> text(scan, "Index Name")).contains("rejected_records_rejected_at_brin");
        assertThat(scans).noneMatch(scan -> "Seq Scan".equals(text(scan, "Node Type")));
    }

    /**
     * staging.events is partitioned by day (V014): each partition has its own BRIN index. The partitions that
     * hold rows are read through it; empty ones (days ahead, the default) may be scanned, for nothing.
     */
    private void assertFindsStagingEventsByBrin(List<JsonNode> scans) {
        assertThat(scans).extracting(scan -> text(scan, "Index Name"))
                .anyMatch(name -> name != null && name.matches("events_p\\d{8}_landed_brin"));
        assertThat(scans).noneMatch(scan -> "Seq Scan".equals(text(scan, "Node Type"))
                && eventPartitionsWithRows.contains(text(scan, "Relation Name")));
    }

    private void assertReadsGrowingTablesByIndex(String sql, Object... parameters) throws SQLException {
        List<JsonNode> scans = scansOf(sql, parameters);
        assertThat(scans).as(sql).isNotEmpty();
        assertThat(scans)
                .as("sequential scans of growing tables in the plan of%n%s", sql)
                .noneMatch(scan -> "Seq Scan".equals(text(scan, "Node Type"))
                        && GROWING.contains(text(scan, "Relation Name")));
    }

    /** The plan's nodes that read a relation or an index. */
    private List<JsonNode> scansOf(String sql, Object... parameters) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement explain = connection.prepareStatement("EXPLAIN (FORMAT JSON) " + sql)) {
            for (int i = 0; i < parameters.length; i++) {
                Object value = parameters[i] instanceof Instant at
                        ? java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC) : parameters[i];
                explain.setObject(i + 1, value);
            }
            try (ResultSet plan = explain.executeQuery()) {
                plan.next();
                List<JsonNode> scans = new ArrayList<>();
                collectScans(DashboardClient.parse(plan.getString(1)).get(0).get("Plan"), scans);
                return scans;
            }
        }
    }

    private static void collectScans(JsonNode node, List<JsonNode> scans) {
        if (node.has("Relation Name") || node.has("Index Name")) {
            scans.add(node);
        }
        if (node.has("Plans")) {
            node.get("Plans").forEach(child -> collectScans(child, scans));
        }
    }

    private static String text(JsonNode node, String field) {
        return node.has(field) ? node.get(field).asText() : null;
    }
}
