package dev.ecomstream.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.schema.SchemaMigrator;
import dev.ecomstream.sink.testing.Publisher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sink in-process against a real broker and a real PostgreSQL: restarts and bad records. */
/*
 * "try": a block opened with try (InProcessSink sink = ...) is the time the sink runs; its body talks to the
 * sink only through Kafka and PostgreSQL, as a user would, so the resource is never referenced in it.
 */
@SuppressWarnings("try")
@ExtendWith(DevStackExtension.class)
class SinkServiceIT {

    @Test
    void shouldLandEveryRecordExactlyOnceAcrossARestart(DevStack devStack) throws Exception {
        Scenario scenario = new Scenario(devStack, "orders", "restart", 3);
        try (Publisher publisher = scenario.publisher()) {
            publishOrders(publisher, 0, 1000);
            publisher.flush();
            try (InProcessSink sink = InProcessSink.start(scenario.sinkArgs())) {
                awaitCount(scenario, "SELECT count(*) FROM staging.orders", 1000);
            }
            publishOrders(publisher, 1000, 500);
            publisher.send(0, null, "not json at all");
            publisher.flush();
        }
        try (InProcessSink sink = InProcessSink.start(scenario.sinkArgs())) {
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    scenario.staging.count("SELECT count(*) FROM staging.orders") == 1500
                            && scenario.staging.count("SELECT count(*) FROM staging.rejected_records") == 1);
        }
        assertThat(scenario.staging.count("SELECT count(DISTINCT order_id) FROM staging.orders")).isEqualTo(1500);
        assertThat(scenario.staging.count("SELECT sum(next_offset) FROM staging.sink_offsets")).isEqualTo(1501);
        assertThat(scenario.staging.text("SELECT convert_from(record_value, 'UTF8') FROM staging.rejected_records"))
                .isEqualTo("not json at all");
        assertThat(scenario.staging.text(
                "SELECT status || ' ' || created_at::text FROM staging.orders WHERE order_id = 1234"))
                .isEqualTo("Shipped 2022-06-17 02:52:23+00");
        assertThat(scenario.staging.count("SELECT count(*) FROM staging.orders "
                + "WHERE created_at = '2022-06-17 02:52:23+00'")).as("one instant, whichever form it came in")
                .isEqualTo(1500);
    }

    @Test
    void shouldLandTheFirstRecordsOfARunAtOnceRatherThanAfterTheBatchAge(DevStack devStack) throws Exception {
        Scenario scenario = new Scenario(devStack, "orders", "first_batch", 3);
        publishOrders(scenario, 0, 3000);
        // Batches that would otherwise wait a minute for more rows: the first one of a run does not wait, so a
        // started sink lands (and shows) its first rows at once. Without that, nothing lands for 60 s.
        try (InProcessSink sink = InProcessSink.start(scenario.sinkArgs()
                .with("--batch-max-age-ms", "60000").with("--batch-rows", "100000"))) {
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    scenario.staging.count("SELECT count(*) FROM staging.orders") > 0);
            // and it is small: a few hundred rows, not the whole first poll; the rest wait for the batch limits
            Thread.sleep(500);
            assertThat(scenario.staging.count("SELECT count(*) FROM staging.orders")).isBetween(1L, 500L);
        }
    }

    /**
     * At start the sink creates a missing partition ahead of the rows (here tomorrow's) before it lands anything,
     * and drops a day older than its retention whose rows core holds.
     */
    @Test
    void shouldCreatePartitionsAheadAndDropAnExpiredDayCoreHoldsAtStart(DevStack devStack) throws Exception {
        Scenario scenario = new Scenario(devStack, "orders", "retention", 3);
        SchemaMigrator.migrate(scenario.staging.dataSource());
        String tomorrow = "orders_p" + java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1)
                .format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        String tenDaysAgo = "orders_p" + java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(10)
                .format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        scenario.staging.execute("INSERT INTO staging.orders (kafka_topic, kafka_partition, kafka_offset, landed_at, "
                + "order_id) VALUES ('earlier', 0, 0, now() - interval '10 days', 424242)");
        scenario.staging.execute("SELECT count(*) FROM staging.create_partitions_ahead()");
        scenario.staging.execute("SELECT count(*) FROM core.normalise()");
        scenario.staging.execute("DROP TABLE staging." + tomorrow);
        String partitionExists = "SELECT count(*) FROM pg_tables WHERE schemaname = 'staging' AND tablename = '%s'";
        assertThat(scenario.staging.count(partitionExists.formatted(tenDaysAgo))).isEqualTo(1);
        publishOrders(scenario, 0, 100);

        try (InProcessSink sink = InProcessSink.start(scenario.sinkArgs().with("--staging-retention", "7"))) {
            awaitCount(scenario, "SELECT count(*) FROM staging.orders", 100);
            awaitCount(scenario, partitionExists.formatted(tenDaysAgo), 0);
        }
        assertThat(scenario.staging.count(partitionExists.formatted(tomorrow))).isEqualTo(1);
        assertThat(scenario.staging.count("SELECT count(*) FROM core.orders WHERE order_id = 424242"))
                .as("core keeps the dropped day's row").isEqualTo(1);
    }

    /** Test (4): each kind of poison record is rejected with its reason and the good records around it land. */
    @Test
    void shouldRejectEachKindOfPoisonRecordWithItsReasonAndLandTheGoodOnesAround(DevStack devStack) throws Exception {
        Scenario scenario = new Scenario(devStack, "orders", "poison", 1);
        List<Poison> poisons = List.of(
                new Poison("p1", "not json at all", "value is not JSON"),
                new Poison("p2", "[1,2,3]", "value is JSON but not an object"),
                new Poison("p3", "{\"order_id\":3,\"num_of_item\":\"three\"}",
                        "orders field 'num_of_item': expected a whole number"),
                new Poison("p4", "{\"user_id\":5,\"status\":\"Shipped\"}",
                        "orders field 'order_id' is missing, but every orders row needs it"),
                new Poison("p5", "{\"order_id\":null,\"status\":\"Shipped\"}", "orders field 'order_id' is null"),
                new Poison("p6", "{\"order_id\":6,\"status\":\"" + "x".repeat(3000) + "\"}",
                        "value is 30"),
                new Poison("p7", null, "value is null (a tombstone)"),
                new Poison("p8", "{\"order_id\":8,\"status\":\"a\\u0000b\"}", "orders field 'status': contains a NUL"),
                new Poison("p9", "{\"order_id\":9,\"created_at\":\"2022-13-45T00:00:00Z\"}",
                        "orders field 'created_at': not a timestamp"),
                // a timestamp PostgreSQL could hold, but no export has: refused before it reaches PostgreSQL
                new Poison("p10", "{\"order_id\":10,\"created_at\":\"+300000-01-01T00:00:00Z\"}",
                        "orders field 'created_at': out of range"),
                new Poison("p11", "{\"order_id\":99999999999999999999}",
                        "orders field 'order_id': expected a whole number in the 64-bit range"),
                // a number whose plain form has two billion digits
                new Poison("p12", "{\"order_id\":12,\"num_of_item\":1e2147483647}", "orders field 'num_of_item'"),
                new Poison("p13", "{\"order_id\":1e2147483647}", "orders field 'order_id'"),
                // Jackson quotes the bad token, NUL and all; PostgreSQL text cannot hold a NUL
                new Poison("p14", "nu\u0000ll", "value is not JSON"));
        int good = 0;
        try (Publisher publisher = scenario.publisher()) {
            for (Poison poison : poisons) {
                publisher.send(0, "g" + good, order(good++));
                publisher.send(0, poison.key(), poison.rawValue());
                publisher.send(0, "g" + good, order(good++));
            }
        }
        int published = good + poisons.size();
        try (InProcessSink sink = InProcessSink.start(scenario.sinkArgs().with("--max-record-bytes", "2000"))) {
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    scenario.staging.count("SELECT count(*) FROM staging.orders")
                            + scenario.staging.count("SELECT count(*) FROM staging.rejected_records") == published);
        }
        assertThat(scenario.staging.count("SELECT count(*) FROM staging.orders")).isEqualTo(good);
        assertThat(scenario.staging.count("SELECT count(*) FROM staging.rejected_records")).isEqualTo(poisons.size());
        assertThat(scenario.staging.count("SELECT next_offset FROM staging.sink_offsets")).isEqualTo(published);
        for (Poison poison : poisons) {
            List<List<String>> rows = scenario.staging.rows("SELECT reason, kafka_topic, kafka_partition, "
                    + "encode(record_value, 'hex'), convert_from(record_key, 'UTF8') "
                    + "FROM staging.rejected_records WHERE convert_from(record_key, 'UTF8') = '" + poison.key() + "'");
            assertThat(rows).as("rejection of %s", poison.key()).hasSize(1);
            List<String> row = rows.get(0);
            assertThat(row.get(0)).as("reason for %s", poison.key()).startsWith(poison.reason());
            assertThat(row.get(1)).isEqualTo(scenario.topic);
            assertThat(row.get(2)).isEqualTo("0");
            assertThat(row.get(3)).as("raw value of %s", poison.key()).isEqualTo(poison.rawValue() == null ? null
                    : java.util.HexFormat.of().formatHex(poison.rawValue().getBytes(StandardCharsets.UTF_8)));
        }
        // each rejected record sits between two good ones, at the offset it was published at
        assertThat(scenario.staging.rows("SELECT kafka_offset % 3 FROM staging.rejected_records GROUP BY 1"))
                .containsExactly(List.of("1"));
    }

    /**
     * Values the decoder accepts but PostgreSQL does not (here a rule of the database's own, a CHECK constraint),
     * several in one batch: side by side, first and last. PostgreSQL names the line of the row it refused; each
     * such row is rejected with PostgreSQL's own message, and every other row of the batch lands.
     */
    @Test
    void shouldRejectEachRowPostgresRefusesInABatchWithItsMessageAndLandTheOthers(DevStack devStack) throws Exception {
        Scenario scenario = new Scenario(devStack, "orders", "refused", 1);
        int records = 60;
        List<Integer> refused = List.of(0, 7, 8, 31, records - 1);
        SchemaMigrator.migrate(scenario.staging.dataSource());
        scenario.staging.execute("ALTER TABLE staging.orders ADD CONSTRAINT orders_at_least_one_item "
                + "CHECK (num_of_item IS NULL OR num_of_item > 0)");
        try (Publisher publisher = scenario.publisher()) {
            for (int id = 0; id < records; id++) {
                publisher.send(0, Integer.toString(id), refused.contains(id)
                        ? "{\"order_id\":" + id + ",\"status\":\"Shipped\",\"num_of_item\":0}" : order(id));
            }
        }
        // every record in one batch: closed by age, seconds after the first
        try (InProcessSink sink = InProcessSink.start(scenario.sinkArgs().with("--batch-rows", "1000")
                .with("--batch-max-age-ms", "3000"))) {
            awaitCount(scenario, "SELECT coalesce(sum(next_offset), 0) FROM staging.sink_offsets", records);
        }
        // PostgreSQL names the partition the row was routed to: today's (V014)
        String todaysPartition = "orders_p" + java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                .format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        String postgresMessage = "ERROR: new row for relation \"" + todaysPartition + "\" violates check constraint "
                + "\"orders_at_least_one_item\"";
        assertThat(scenario.staging.rows("SELECT kafka_offset, reason FROM staging.rejected_records ORDER BY 1"))
                .containsExactlyElementsOf(refused.stream()
                        .map(offset -> List.of(offset.toString(), "PostgreSQL refused the row: " + postgresMessage))
                        .toList());
        assertThat(scenario.staging.rows("SELECT order_id FROM staging.orders ORDER BY 1"))
                .containsExactlyElementsOf(IntStream.range(0, records).filter(id -> !refused.contains(id))
                        .mapToObj(id -> List.of(Integer.toString(id))).toList());
    }

    /** Decimals whose plain form would have billions of digits are rejected, not expanded until memory runs out. */
    @Test
    void shouldRejectDecimalsTooLongToWriteOut(DevStack devStack) throws Exception {
        Scenario scenario = new Scenario(devStack, "order_items", "hugenumber", 1);
        List<String> values = List.of("1e2147483647", "-1e2147483647", "1e-2147483647", "1e131072");
        try (Publisher publisher = scenario.publisher()) {
            publisher.send(0, "good-1", "{\"id\":1,\"sale_price\":12.5}");
            for (int i = 0; i < values.size(); i++) {
                publisher.send(0, "huge-" + i, "{\"id\":" + (100 + i) + ",\"sale_price\":" + values.get(i) + "}");
            }
            publisher.send(0, "good-2", "{\"id\":2,\"sale_price\":1e3}");
        }
        int published = values.size() + 2;
        try (InProcessSink sink = InProcessSink.start(scenario.sinkArgs())) {
            awaitCount(scenario, "SELECT coalesce(sum(next_offset), 0) FROM staging.sink_offsets", published);
        }
        assertThat(scenario.staging.rows("SELECT id, sale_price FROM staging.order_items ORDER BY id"))
                .containsExactly(List.of("1", "12.5"), List.of("2", "1000"));
        assertThat(scenario.staging.rows("SELECT reason FROM staging.rejected_records ORDER BY kafka_offset"))
                .hasSize(values.size())
                .allSatisfy(reason -> assertThat(reason.get(0)).startsWith("order_items field 'sale_price': ")
                        .contains("out of range: written out in full"));
    }

    private record Poison(String key, String rawValue, String reason) {
    }

    /** The same instant written the three UTC ways the sink passes through to COPY as they are. */
    private static final List<String> CREATED_AT_FORMS = List.of("2022-06-17T02:52:23Z", "2022-06-17 02:52:23 UTC",
            "2022-06-17T02:52:23+00:00");

    private static String order(int id) {
        return "{\"order_id\":" + id + ",\"user_id\":" + (id % 97) + ",\"status\":\"Shipped\","
                + "\"gender\":\"F\",\"created_at\":\"" + CREATED_AT_FORMS.get(id % CREATED_AT_FORMS.size())
                + "\",\"num_of_item\":2}";
    }

    private static void publishOrders(Scenario scenario, int from, int count) {
        try (Publisher publisher = scenario.publisher()) {
            publishOrders(publisher, from, count);
        }
    }

    private static void publishOrders(Publisher publisher, int from, int count) {
        for (int id = from; id < from + count; id++) {
            publisher.send(id % 3, Integer.toString(id), order(id));
        }
    }

    private static void awaitCount(Scenario scenario, String sql, long expected) {
        await().atMost(Duration.ofSeconds(60)).until(() -> scenario.staging.count(sql) == expected);
    }
}
