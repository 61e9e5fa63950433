package dev.ecomstream.schema.normalise;

import dev.ecomstream.devstack.EmbeddedPostgresServer;
import dev.ecomstream.schema.SchemaMigrator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Benchmark (a command, not a test): the cost of a normaliser run must follow the new rows, not the size of
 * core nor what waits for a parent. Normalises 10,000 new staging rows on top of an (almost) empty core, on
 * top of one built from 1,000,000 rows, and on top of one with 100,000 inferred members outstanding (orders
 * whose users never arrive), three times each, and prints the medians and their ratios to the first
 * (target: at most 2). Also prints the time of one run over 100,000 new rows.
 *
 * <p>{@code ./mvnw -B -pl devstack,schema verify -Pbenchmark -DskipTests} (its own embedded PostgreSQL).
 *
 * <p>Rows come in "units" of 10 (1 user, 1 inventory item, 1 order, 2 order items, 5 events: 4 of the user,
 * 1 anonymous) over 10 distribution centers and 1,000 products landed beforehand; every parent is there, so
 * nothing waits. They are INSERTed in one transaction per entity, as the sink's COPY would land them.
 */
public final class NormaliserBenchmark {

    private static final int ROWS_PER_UNIT = 10;
    private static final int SMALL_BATCH_UNITS = 1_000;       // 10,000 rows
    private static final int LARGE_CORE_UNITS = 100_000;      // 1,000,000 rows
    private static final int HUNDRED_K_UNITS = 10_000;        // 100,000 rows
    private static final int INFERRED_MEMBERS = 100_000;
    private static final int REPETITIONS = 3;

    private NormaliserBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start()) {
            DataSource small = prepare(postgres, "benchmark_small_core");
            DataSource large = prepare(postgres, "benchmark_large_core");
            DataSource inferred = prepare(postgres, "benchmark_inferred_core");
            Duration orphans = landOrdersOfUsersThatNeverArrive(inferred);
            analyze(inferred);
            System.out.printf("setup: %,d orders of users that never arrive normalised in %,d ms%n",
                    INFERRED_MEMBERS, orphans.toMillis());

            long nextUnit = 1;
            Duration bulk = landAndNormalise(large, nextUnit, LARGE_CORE_UNITS);
            nextUnit += LARGE_CORE_UNITS;
            analyze(large);
            System.out.printf("setup: %,d rows normalised into the large core in %,d ms%n",
                    LARGE_CORE_UNITS * ROWS_PER_UNIT, bulk.toMillis());

            List<Duration> onSmall = new ArrayList<>();
            List<Duration> onLarge = new ArrayList<>();
            List<Duration> onInferred = new ArrayList<>();
            long smallNext = 1;
            for (int i = 0; i < REPETITIONS; i++) {
                onSmall.add(landAndNormalise(small, smallNext, SMALL_BATCH_UNITS));
                onInferred.add(landAndNormalise(inferred, smallNext, SMALL_BATCH_UNITS));
                smallNext += SMALL_BATCH_UNITS;
                onLarge.add(landAndNormalise(large, nextUnit, SMALL_BATCH_UNITS));
                nextUnit += SMALL_BATCH_UNITS;
            }
            Duration smallMedian = median(onSmall);
            Duration largeMedian = median(onLarge);
            Duration inferredMedian = median(onInferred);
            Duration hundredK = landAndNormalise(small, smallNext, HUNDRED_K_UNITS);

            System.out.printf("10,000 new rows, core nearly empty : %,6d ms (median of %s)%n",
                    smallMedian.toMillis(), millis(onSmall));
            System.out.printf("10,000 new rows, core of 1,000,000 : %,6d ms (median of %s)%n",
                    largeMedian.toMillis(), millis(onLarge));
            System.out.printf("ratio large/small                  : %6.2f (target <= 2)%n",
                    (double) largeMedian.toNanos() / smallMedian.toNanos());
            System.out.printf("10,000 new rows, 100,000 inferred  : %,6d ms (median of %s)%n",
                    inferredMedian.toMillis(), millis(onInferred));
            System.out.printf("ratio inferred/small               : %6.2f (target <= 2)%n",
                    (double) inferredMedian.toNanos() / smallMedian.toNanos());
            System.out.printf("100,000 new rows, one run          : %,6d ms (%,.0f rows/s)%n",
                    hundredK.toMillis(), HUNDRED_K_UNITS * ROWS_PER_UNIT / (hundredK.toNanos() / 1e9));
        }
    }

    private static DataSource prepare(EmbeddedPostgresServer postgres, String database) throws SQLException {
        DataSource dataSource = postgres.createDatabase(database);
        SchemaMigrator.migrate(dataSource);
        execute(dataSource, """
                INSERT INTO staging.distribution_centers (kafka_topic, kafka_partition, kafka_offset, id, name,
                                                          latitude, longitude)
                SELECT 'ecomstream.distribution_centers', 0, k, k, 'Center ' || k, 30 + k, -90 + k
                FROM generate_series(1, 10) k""");
        execute(dataSource, """
                INSERT INTO staging.products (kafka_topic, kafka_partition, kafka_offset, id, cost, category, name,
                                              brand, retail_price, department, sku, distribution_center_id)
                SELECT 'ecomstream.products', 0, k, k, 10 + k % 50, 'Category ' || k % 20, 'Product ' || k,
                       'Brand ' || k % 100, 25 + k % 70, (ARRAY['Men', 'Women'])[1 + k % 2], 'SKU' || k, 1 + k % 10
                FROM generate_series(1, 1000) k""");
        new NormaliserRunner(dataSource).runUntilCaughtUp(Duration.ofMinutes(1));
        return dataSource;
    }

    /**
     * Lands orders whose users never arrive (keys far above the units'), so that the users stay inferred
     * members, and times the run that takes them.
     */
    private static Duration landOrdersOfUsersThatNeverArrive(DataSource dataSource) throws SQLException {
        execute(dataSource, """
                INSERT INTO staging.orders (kafka_topic, kafka_partition, kafka_offset, order_id, user_id, status,
                    gender, created_at, num_of_item)
                SELECT 'ecomstream.orders', 1, k, 1000000000 + k, 1000000000 + k, 'Processing', 'F',
                       timestamptz '2023-01-02' + k * interval '1 minute', 1
                FROM generate_series(1, %d) k""".formatted(INFERRED_MEMBERS));
        NormaliserRun run = new NormaliserRunner(dataSource).runUntilCaughtUp(Duration.ofMinutes(5));
        if (run.inferred() != INFERRED_MEMBERS) {
            throw new IllegalStateException("expected " + INFERRED_MEMBERS + " inferred users, got " + run);
        }
        return run.elapsed();
    }

    /** Lands units [first, first + count) and times the normaliser run that takes them. */
    private static Duration landAndNormalise(DataSource dataSource, long first, int count) throws SQLException {
        land(dataSource, first, first + count - 1);
        NormaliserRun run = new NormaliserRunner(dataSource).runUntilCaughtUp(Duration.ofMinutes(5));
        long expected = (long) count * ROWS_PER_UNIT;
        if (!run.caughtUp() || run.inserted() != expected) {
            throw new IllegalStateException("expected " + expected + " rows to reach core, got " + run);
        }
        return run.elapsed();
    }

    private static void land(DataSource dataSource, long first, long last) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            for (String sql : List.of(
                    """
                    INSERT INTO staging.users (kafka_topic, kafka_partition, kafka_offset, id, first_name, last_name,
                        email, age, gender, state, street_address, postal_code, city, country, latitude, longitude,
                        traffic_source, created_at)
                    SELECT 'ecomstream.users', 0, k, k, 'First' || k, ' Last' || k, 'u' || k || '@example.com',
                           18 + k % 60, (ARRAY['F', 'M'])[1 + k % 2], 'State ' || k % 50, k || ' Main St',
                           lpad((k % 99999)::text, 5, '0'),
                           CASE WHEN k % 97 = 0 THEN 'null' ELSE 'City ' || k % 500 END, 'Country ' || k % 15,
                           35 + (k % 100) / 100.0, -90 + (k % 100) / 100.0,
                           (ARRAY['Search', 'Email', 'Organic', 'Facebook', 'Display'])[1 + k % 5],
                           timestamptz '2023-01-01' + k * interval '1 minute'
                    FROM generate_series(?::bigint, ?::bigint) k""",
                    """
                    INSERT INTO staging.inventory_items (kafka_topic, kafka_partition, kafka_offset, id, product_id,
                        created_at, sold_at, cost, product_name, product_brand, product_retail_price)
                    SELECT 'ecomstream.inventory_items', 0, k, k, 1 + k % 1000,
                           timestamptz '2023-01-01' + k * interval '1 minute',
                           timestamptz '2023-01-02' + k * interval '1 minute', 10 + (1 + k % 1000) % 50,
                           'Product ' || 1 + k % 1000, 'Brand ' || (1 + k % 1000) % 100, 25 + (1 + k % 1000) % 70
                    FROM generate_series(?::bigint, ?::bigint) k""",
                    """
                    INSERT INTO staging.orders (kafka_topic, kafka_partition, kafka_offset, order_id, user_id, status,
                        gender, created_at, shipped_at, num_of_item)
                    SELECT 'ecomstream.orders', 0, k, k, k, 'Shipped', (ARRAY['F', 'M'])[1 + k % 2],
                           timestamptz '2023-01-02' + k * interval '1 minute',
                           timestamptz '2023-01-03' + k * interval '1 minute', 2
                    FROM generate_series(?::bigint, ?::bigint) k""",
                    """
                    INSERT INTO staging.order_items (kafka_topic, kafka_partition, kafka_offset, id, order_id, user_id,
                        product_id, inventory_item_id, status, created_at, shipped_at, sale_price)
                    SELECT 'ecomstream.order_items', 0, 2 * k + i, 2 * k + i, k, k, 1 + k % 1000, k, 'Shipped',
                           timestamptz '2023-01-02' + k * interval '1 minute',
                           timestamptz '2023-01-03' + k * interval '1 minute', 30 + k % 40
                    FROM generate_series(?::bigint, ?::bigint) k, generate_series(0, 1) i""",
                    """
                    INSERT INTO staging.events (kafka_topic, kafka_partition, kafka_offset, id, user_id,
                        sequence_number, session_id, created_at, ip_address, city, state, postal_code, browser,
                        traffic_source, uri, event_type)
                    SELECT 'ecomstream.events', 0, 5 * k + i, 5 * k + i, CASE WHEN i < 4 THEN k END,
                           CASE WHEN i < 4 THEN i + 1 ELSE 1 END,
                           md5(k::text || CASE WHEN i < 4 THEN 'u' ELSE 'a' END)::uuid,
                           timestamptz '2023-01-02' + k * interval '1 minute' + i * interval '10 seconds',
                           ('10.' || k % 250 || '.' || i || '.1')::inet, 'City ' || k % 500, 'State ' || k % 50,
                           lpad((k % 99999)::text, 5, '0'), 'Firefox', 'Email', '/product/' || 1 + k % 1000,
                           (ARRAY['home', 'department', 'product', 'cart', 'purchase'])[1 + i]
                    FROM generate_series(?::bigint, ?::bigint) k, generate_series(0, 4) i""")) {
                try (PreparedStatement insert = connection.prepareStatement(sql)) {
                    insert.setLong(1, first);
                    insert.setLong(2, last);
                    insert.executeUpdate();
                }
            }
        }
    }

    /** What autovacuum would have done by itself after a bulk load, done now so both cores are comparable. */
    private static void analyze(DataSource dataSource) throws SQLException {
        execute(dataSource, "ANALYZE");
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Duration median(List<Duration> durations) {
        return durations.stream().sorted().toList().get(durations.size() / 2);
    }

    private static List<Long> millis(List<Duration> durations) {
        return durations.stream().map(Duration::toMillis).toList();
    }
}
