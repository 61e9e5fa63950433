package dev.ecomstream.analysis;

import dev.ecomstream.devstack.EmbeddedPostgresServer;
import dev.ecomstream.generator.DatasetGenerator;
import dev.ecomstream.generator.GeneratorSettings;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.schema.SchemaMigrator;
import dev.ecomstream.testkit.StagingDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import javax.sql.DataSource;

/**
 * Benchmark (a command, not a test): the heaviest analysis questions answered from the facts, as they were
 * before the aggregates, and from the aggregates the normaliser keeps, as they are now, on the same data in the
 * same run; prints the medians of each and the ratio before/after, and whether both give the same rows. The
 * last question is the month x category slicer (target: under 200 ms at 10M events).
 *
 * <p>{@code ./mvnw -B install -DskipTests -q}, then {@code ./mvnw -B -pl analysis verify -Pbenchmark -DskipTests
 * -Dbenchmark.scale=1} (only this module: the schema's benchmark profile runs the normaliser benchmark; default
 * scale 0.1; its own embedded PostgreSQL, {@code synchronous_commit} off, which
 * changes the load's time, not the queries'). The data is the generator's TheLook-shaped CSVs, landed in staging
 * and normalised in one run, whose time is printed too (it maintains the aggregates).
 */
public final class AggregatesBenchmark {

    private static final int REPETITIONS = 5;

    /** A question: its SQL over the facts (before) and over the aggregates (after). */
    private record Question(String name, String overFacts, String overAggregates) {
    }

    private static final String MONTH_BY_CATEGORY_OVER_FACTS = """
            SELECT d.year_month, coalesce(p.category, 'unknown') AS category, sum(f.net_quantity) AS items,
                   round(sum(f.net_sales_amount), 2) AS revenue
            FROM mart.fact_order_items f
            JOIN mart.dim_product p USING (product_key)
            JOIN mart.dim_date d ON d.date_key = f.order_date_key
            GROUP BY 1, 2
            ORDER BY 1, 2""";
    private static final String MONTH_BY_CATEGORY_OVER_AGGREGATES = """
            SELECT d.year_month, coalesce(s.category, 'unknown') AS category, sum(s.net_quantity) AS items,
                   round(sum(s.net_sales_amount), 2) AS revenue
            FROM mart.daily_sales s
            JOIN mart.dim_date d ON d.date_key = s.order_date_key
            GROUP BY 1, 2
            ORDER BY 1, 2""";

    private static final List<Question> QUESTIONS = List.of(
            new Question("monthly_orders_and_revenue", """
                    SELECT to_char(o.ordered_at_utc, 'YYYY-MM') AS month, count(*) AS orders,
                           sum(o.item_count)::bigint AS items, round(sum(o.net_sales_amount), 2) AS revenue
                    FROM mart.fact_orders o
                    WHERE o.ordered_at_utc IS NOT NULL
                    GROUP BY 1
                    ORDER BY month""", null),
            new Question("revenue_and_margin_by_category", """
                    SELECT coalesce(p.category, 'unknown') AS category, count(*) AS items_sold,
                           round(sum(f.net_sales_amount), 2) AS revenue, round(sum(f.cost_amount), 2) AS cost,
                           round(sum(f.margin_amount), 2) AS margin,
                           round(100 * sum(f.margin_amount) / nullif(sum(f.net_sales_amount), 0), 2) AS margin_pct
                    FROM mart.fact_order_items f
                    JOIN mart.dim_product p USING (product_key)
                    WHERE f.is_net_sale
                    GROUP BY 1
                    ORDER BY revenue DESC, category""", null),
            new Question("funnel_by_traffic_source", """
                    SELECT coalesce(ts.traffic_source, 'unknown') AS traffic_source, count(*) AS sessions,
                           count(*) FILTER (WHERE 'home' = ANY (types)) AS home_sessions,
                           count(*) FILTER (WHERE 'department' = ANY (types)) AS department_sessions,
                           count(*) FILTER (WHERE 'product' = ANY (types)) AS product_sessions,
                           count(*) FILTER (WHERE 'cart' = ANY (types)) AS cart_sessions,
                           count(*) FILTER (WHERE 'purchase' = ANY (types)) AS purchase_sessions,
                           round(100.0 * count(*) FILTER (WHERE 'purchase' = ANY (types)) / count(*), 2) AS conversion_pct
                    FROM (SELECT e.session_key, e.session_traffic_source_key AS traffic_source_key,
                                 array_agg(DISTINCT e.event_type) AS types
                          FROM mart.fact_events e
                          GROUP BY e.session_key, e.session_traffic_source_key) per_session
                    JOIN mart.dim_traffic_source ts USING (traffic_source_key)
                    GROUP BY 1
                    ORDER BY conversion_pct DESC, traffic_source""", null),
            new Question("purchase_funnel", """
                    WITH reached AS (
                        SELECT st.funnel_step_key AS step_number, st.funnel_step AS step,
                               count(DISTINCT e.session_key) AS sessions
                        FROM mart.dim_funnel_step st
                        LEFT JOIN mart.fact_events e ON e.event_type = st.funnel_step
                        WHERE st.funnel_step_key > 0
                        GROUP BY st.funnel_step_key, st.funnel_step)
                    SELECT step_number, step, sessions,
                           round(100.0 * sessions / nullif(first_value(sessions) OVER w, 0), 2) AS pct_of_home,
                           round(100.0 * sessions / nullif(lag(sessions) OVER w, 0), 2) AS pct_of_previous_step
                    FROM reached
                    WINDOW w AS (ORDER BY step_number)
                    ORDER BY step_number""", null),
            new Question("sessions_per_day", """
                    SELECT s.started_at_utc::date AS day, count(*) AS sessions,
                           count(*) FILTER (WHERE NOT s.is_anonymous) AS logged_in_sessions
                    FROM mart.fact_sessions s
                    WHERE s.started_at_utc IS NOT NULL
                    GROUP BY 1
                    ORDER BY day""", null),
            new Question("month x category (net items and revenue)", MONTH_BY_CATEGORY_OVER_FACTS,
                    MONTH_BY_CATEGORY_OVER_AGGREGATES));

    private AggregatesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double scale = Double.parseDouble(System.getProperty("benchmark.scale", "0.1"));
        Path csvs = Files.createTempDirectory("aggregates-benchmark");
        new DatasetGenerator(new GeneratorSettings(scale, 42, csvs, EnumSet.allOf(Entity.class), 0)).generate();
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start()) {
            DataSource dataSource = postgres.createDatabase("benchmark_aggregates");
            SchemaMigrator.migrate(dataSource);
            StagingDatabase staging = StagingDatabase.attach("benchmark_aggregates", dataSource);
            for (Entity entity : Entity.values()) {
                staging.landCsv(entity, csvs.resolve(entity.csvFileName()));
            }
            long started = System.nanoTime();
            staging.normalise();
            Duration normalised = Duration.ofNanos(System.nanoTime() - started);
            execute(dataSource, "VACUUM ANALYZE");
            System.out.printf("scale %s: %,d staging rows, %,d events; normalised (aggregates included) in %,d ms%n",
                    scale, staging.landedRows(), (Long) staging.scalar("SELECT count(*) FROM core.events"),
                    normalised.toMillis());

            AnalysisQueryCatalog catalog = AnalysisQueryCatalog.load();
            System.out.printf("%-42s %12s %12s %8s  %s%n", "question", "facts ms", "aggregates ms", "ratio",
                    "same rows");
            for (Question question : QUESTIONS) {
                String after = question.overAggregates() != null ? question.overAggregates()
                        : catalog.find(question.name()).orElseThrow().sql();
                Timing before = time(dataSource, question.overFacts());
                Timing now = time(dataSource, after);
                System.out.printf("%-42s %12.1f %12.1f %8.1f  %s%n", question.name(), before.medianMillis(),
                        now.medianMillis(), before.medianMillis() / now.medianMillis(),
                        before.rows().equals(now.rows()) ? "yes" : "NO");
            }
        } finally {
            try (var files = Files.walk(csvs)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private record Timing(double medianMillis, List<String> rows) {
    }

    /** One warm-up, then the median of {@link #REPETITIONS} runs; the rows as text, to compare. */
    private static Timing time(DataSource dataSource, String sql) throws SQLException {
        List<String> rows = read(dataSource, sql);
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < REPETITIONS; i++) {
            long started = System.nanoTime();
            read(dataSource, sql);
            millis.add((System.nanoTime() - started) / 1e6);
        }
        millis.sort(null);
        return new Timing(millis.get(REPETITIONS / 2), rows);
    }

    private static List<String> read(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    // numerically equal values print alike whatever their scale (count(*) vs sum(...)::bigint)
                    Object value = result.getObject(i);
                    row.append(value instanceof java.math.BigDecimal d ? d.stripTrailingZeros().toPlainString()
                            : String.valueOf(value)).append('|');
                }
                rows.add(row.toString());
            }
            return rows;
        }
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
