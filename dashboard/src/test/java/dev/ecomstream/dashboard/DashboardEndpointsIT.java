package dev.ecomstream.dashboard;

import static dev.ecomstream.dashboard.ShopCatalog.ADA;
import static dev.ecomstream.dashboard.ShopCatalog.GRACE;
import static dev.ecomstream.dashboard.ShopCatalog.SLIM_JEANS;
import static dev.ecomstream.dashboard.ShopCatalog.STRAIGHT_JEANS;
import static dev.ecomstream.dashboard.ShopCatalog.TEE;
import static dev.ecomstream.testkit.StagingDatabase.row;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.testkit.Shop;
import dev.ecomstream.testkit.Shop.Event;
import dev.ecomstream.testkit.Shop.Order;
import dev.ecomstream.testkit.Shop.OrderItem;
import dev.ecomstream.testkit.StagingDatabase;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every JSON endpoint against figures the test computes itself from the rows it landed: a small shop whose
 * timestamps are historical, shown on the data clock (now = the newest created_at in core), plus pending
 * rows, rejected records and a Kafka topic with known offsets for the pipeline panel.
 */
@ExtendWith(DevStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardEndpointsIT {

    /** The newest row; the data clock's "now". Mid-day, so "today" and "the last hours" differ. */
    private static final Instant T = Instant.parse("2024-03-10T12:30:00Z");
    private static final String LAG_TOPIC = Entity.ORDERS.topic();
    private static final String PROCESSING = "Processing";

    private StagingDatabase database;
    private Shop shop;
    private DashboardServer server;
    private DashboardClient client;

    @BeforeAll
    void landShopAndStartDashboard(DevStack stack) throws Exception {
        database = StagingDatabase.create(stack, "dashboard_endpoints");
        shop = ShopCatalog.newShop();
        shop.order(1, ADA, T.minus(Duration.ofMinutes(10)), PROCESSING, SLIM_JEANS, STRAIGHT_JEANS);
        shop.order(2, GRACE, T.minus(Duration.ofMinutes(50)), PROCESSING, TEE);
        shop.order(3, ADA, T.minus(Duration.ofHours(2)), PROCESSING, SLIM_JEANS);       // today, not last hour
        shop.order(4, GRACE, T.minus(Duration.ofDays(1)), PROCESSING, TEE);             // yesterday
        shop.order(5, ADA, T, PROCESSING, TEE);                                         // now itself: included
        shop.order(6, GRACE, T.minus(Duration.ofHours(1)), PROCESSING, STRAIGHT_JEANS); // exactly an hour ago: excluded
        shop.order(7, GRACE, T.minus(Duration.ofMinutes(5)), "Cancelled", SLIM_JEANS, TEE);  // no net sales
        UUID s1 = UUID.fromString("6f1b9a7e-1c2d-4e5f-8a9b-0c1d2e3f4a01");
        UUID s2 = UUID.fromString("6f1b9a7e-1c2d-4e5f-8a9b-0c1d2e3f4a02");
        UUID s3 = UUID.fromString("6f1b9a7e-1c2d-4e5f-8a9b-0c1d2e3f4a03");
        UUID s4 = UUID.fromString("6f1b9a7e-1c2d-4e5f-8a9b-0c1d2e3f4a04");
        List<String> fullVisit = List.of("home", "department", "product", "cart", "purchase");
        for (int i = 0; i < fullVisit.size(); i++) {
            shop.event(1 + i, s1, ADA, 1 + i, T.minus(Duration.ofMinutes(30 - i)), fullVisit.get(i));
        }
        shop.event(10, s2, null, 1, T.minus(Duration.ofMinutes(20)), "home");
        shop.event(11, s2, null, 2, T.minus(Duration.ofMinutes(19)), "department");
        shop.event(12, s2, null, 3, T.minus(Duration.ofMinutes(18)), "product");
        shop.event(13, s2, null, 4, T.minus(Duration.ofMinutes(18)), "product");   // one session, counted once
        shop.event(14, s2, null, 5, T.minus(Duration.ofMinutes(17)), "cancel");
        shop.event(20, s3, GRACE, 1, T.minus(Duration.ofMinutes(210)), "home");    // before the charts' 3 h
        shop.event(30, s4, null, 1, T.minus(Duration.ofMinutes(61)), "cart");      // before the funnel's hour
        shop.landIn(database);
        // an event without a session id can never be placed: it waits in core.pending and is in no figure
        database.land(Entity.EVENTS, row("id", 9999, "user_id", ADA, "sequence_number", 1, "session_id", null,
                "created_at", T.minus(Duration.ofMinutes(5)), "event_type", "purchase"));
        database.normalise();
        database.execute("""
                INSERT INTO staging.rejected_records (kafka_topic, kafka_partition, kafka_offset, record_value, reason)
                VALUES ('ecomstream.orders', 0, 90, 'not json', 'not JSON'),
                       ('ecomstream.events', 1, 91, '{}', 'no key')""");
        prepareLagTopic(stack);

        server = new DashboardServer(DashboardOptions.defaults().withClock(DashboardClock.DATA));
        client = new DashboardClient(server.start(database.dataSource(), stack.kafkaBootstrapServers(), 0));
    }

    /* 5 records in partition 0, of which the sink stored 3 as landed; 2 in partition 1, none landed */
    private void prepareLagTopic(DevStack stack) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
            if (!admin.listTopics().names().get().contains(LAG_TOPIC)) {
                stack.createTopics(List.of(LAG_TOPIC), 2);
            }
        }
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(LAG_TOPIC, 0, null, new byte[] {1})).get();
            }
            for (int i = 0; i < 2; i++) {
                producer.send(new ProducerRecord<>(LAG_TOPIC, 1, null, new byte[] {1})).get();
            }
        }
        database.execute("INSERT INTO staging.sink_offsets (topic, kafka_partition, next_offset, consumer_group) "
                + "VALUES ('" + LAG_TOPIC + "', 0, 3, 'ecomstream-sink')");
    }

    @AfterAll
    void stopDashboard() {
        if (server != null) {
            server.stop();
        }
    }

    private static Predicate<Instant> lastHour() {
        return at -> at.isAfter(T.minus(Duration.ofHours(1))) && !at.isAfter(T);
    }

    private static Predicate<Instant> today() {
        return at -> !at.isBefore(T.truncatedTo(ChronoUnit.DAYS)) && !at.isAfter(T);
    }

    private List<OrderItem> itemsOf(Predicate<Instant> window) {
        return shop.rows(Order.class).stream().filter(order -> window.test(order.createdAt().toInstant()))
                .flatMap(order -> shop.itemsOf(order).stream()).toList();
    }

    /** Net sales, as the dashboard shows them. */
    private static BigDecimal revenue(List<OrderItem> items) {
        return items.stream().map(OrderItem::netSalesAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void salesCountOrdersAndRevenueOfTheLastHourAndOfToday() {
        JsonNode sales = client.json("/api/sales");

        assertThat(sales.get("clock").asText()).isEqualTo("data");
        assertThat(Instant.parse(sales.get("now").asText())).isEqualTo(T);
        assertThat(sales.get("minutes").asInt()).isEqualTo(60);
        assertWindow(sales.get("recent"), lastHour());
        assertWindow(sales.get("today"), today());
        assertThat(sales.at("/recent/orders").asLong()).isEqualTo(4);   // the data's own sanity: 1, 2, 5 and 7
        assertThat(sales.at("/recent/conversionRate").asDouble()).isEqualTo(0.5);   // s1 bought, s2 did not

        Predicate<Instant> lastThreeHours = at -> at.isAfter(T.minus(Duration.ofHours(3))) && !at.isAfter(T);
        assertWindow(client.json("/api/sales?minutes=180").get("recent"), lastThreeHours);
    }

    private void assertWindow(JsonNode window, Predicate<Instant> inWindow) {
        long orders = shop.rows(Order.class).stream().filter(order -> inWindow.test(order.createdAt().toInstant())).count();
        List<OrderItem> items = itemsOf(inWindow);
        assertThat(window.get("orders").asLong()).isEqualTo(orders);
        assertThat(window.get("items").asLong()).isEqualTo(items.size());
        assertThat(window.get("revenue").decimalValue()).isEqualByComparingTo(revenue(items));
        // the headlines: net sales per order, and the share of the window's sessions that bought
        assertThat(window.get("averageOrderValue").decimalValue())
                .isEqualByComparingTo(revenue(items).divide(BigDecimal.valueOf(orders), 2, RoundingMode.HALF_UP));
        List<Shop.Event> events = shop.rows(Shop.Event.class).stream()
                .filter(event -> inWindow.test(event.createdAt().toInstant())).toList();
        long sessions = events.stream().map(Shop.Event::sessionId).distinct().count();
        long purchasing = events.stream().filter(event -> event.eventType().equals("purchase"))
                .map(Shop.Event::sessionId).distinct().count();
        assertThat(window.get("sessions").asLong()).isEqualTo(sessions);
        assertThat(window.get("purchasingSessions").asLong()).isEqualTo(purchasing);
        assertThat(window.get("conversionRate").asDouble()).isEqualTo((double) purchasing / sessions);
    }

    @Test
    void ordersPerMinuteHaveOneZeroFilledBucketPerMinuteOfTheLastHours() {
        JsonNode series = client.json("/api/orders-per-minute?hours=3");

        List<Instant> minutes = new ArrayList<>();
        series.get("minutes").forEach(minute -> minutes.add(Instant.parse(minute.asText())));
        assertThat(minutes).hasSize(180);
        assertThat(minutes.get(179)).isEqualTo(T.truncatedTo(ChronoUnit.MINUTES));
        List<Long> expected = minutes.stream()
                .map(minute -> shop.rows(Order.class).stream().map(order -> order.createdAt().toInstant())
                        .filter(at -> at.truncatedTo(ChronoUnit.MINUTES).equals(minute) && !at.isAfter(T)).count())
                .toList();
        assertThat(longs(series.get("orders"))).isEqualTo(expected);
        assertThat(expected.stream().mapToLong(Long::longValue).sum()).isEqualTo(6);   // all but yesterday's
    }

    @Test
    void eventsPerMinuteHaveOneSeriesPerEventType() {
        JsonNode events = client.json("/api/events-per-minute?hours=3");

        List<Instant> minutes = new ArrayList<>();
        events.get("minutes").forEach(minute -> minutes.add(Instant.parse(minute.asText())));
        Map<String, JsonNode> seriesByType = new LinkedHashMap<>();
        events.get("series").forEach(series -> seriesByType.put(series.get("eventType").asText(), series.get("counts")));
        assertThat(seriesByType.keySet())
                .containsExactly("home", "department", "product", "cart", "purchase", "cancel");
        for (Map.Entry<String, JsonNode> series : seriesByType.entrySet()) {
            List<Long> expected = minutes.stream()
                    .map(minute -> shop.rows(Event.class).stream()
                            .filter(event -> event.eventType().equals(series.getKey())
                                    && event.createdAt().toInstant().truncatedTo(ChronoUnit.MINUTES).equals(minute))
                            .count())
                    .toList();
            assertThat(longs(series.getValue())).as(series.getKey()).isEqualTo(expected);
        }
    }

    @Test
    void funnelCountsSessionsPerStepInTheLastHour() {
        JsonNode funnel = client.json("/api/funnel?minutes=60");

        Map<String, Long> expected = new LinkedHashMap<>();
        for (String step : PanelQueries.FUNNEL_STEPS) {
            expected.put(step, shop.rows(Event.class).stream()
                    .filter(event -> event.eventType().equals(step) && lastHour().test(event.createdAt().toInstant()))
                    .map(Event::sessionId).distinct().count());
        }
        Map<String, Long> actual = new LinkedHashMap<>();
        funnel.get("steps").forEach(step -> actual.put(step.get("eventType").asText(), step.get("sessions").asLong()));
        assertThat(actual).containsExactlyEntriesOf(expected);
        assertThat(expected.values()).containsExactly(2L, 2L, 2L, 1L, 1L);   // the data's own sanity
        JsonNode cart = funnel.get("steps").get(3);
        assertThat(cart.get("ofPrevious").asDouble()).isEqualTo(1.0 / 2);
        assertThat(funnel.get("steps").get(0).get("ofPrevious").isNull()).isTrue();
    }

    @Test
    void topProductsAndCategoriesRankTheLastHourByRevenue() {
        List<OrderItem> items = itemsOf(lastHour());
        assertSellers(client.json("/api/top-products?minutes=60&limit=10"), items,
                item -> String.valueOf(item.productId()));
        assertSellers(client.json("/api/top-categories?minutes=60&limit=10"), items,
                item -> shop.product(item.productId()).category());
        assertThat(client.json("/api/top-products?minutes=60&limit=1").get("rows")).hasSize(1);
    }

    private static void assertSellers(JsonNode top, List<OrderItem> items, Function<OrderItem, String> key) {
        Map<String, List<OrderItem>> byKey = items.stream().collect(Collectors.groupingBy(key));
        List<String> expectedOrder = byKey.keySet().stream()
                .sorted(Comparator.comparing((String k) -> revenue(byKey.get(k))).reversed()
                        .thenComparing(k -> -byKey.get(k).size()))
                .toList();
        List<String> actualOrder = new ArrayList<>();
        for (JsonNode seller : top.get("rows")) {
            String sellerKey = seller.get("key").asText();
            actualOrder.add(sellerKey);
            assertThat(seller.get("items").asLong()).as(sellerKey).isEqualTo(byKey.get(sellerKey).size());
            assertThat(seller.get("revenue").decimalValue()).as(sellerKey)
                    .isEqualByComparingTo(revenue(byKey.get(sellerKey)));
        }
        assertThat(actualOrder).isEqualTo(expectedOrder);
    }

    @Test
    void pipelineShowsLandedRowsPendingRejectedLagAndFreshness() {
        JsonNode pipeline = client.json("/api/pipeline?seconds=3600");

        assertThat(pipeline.at("/landed/rows").asLong()).isEqualTo(database.landedRows());
        assertThat(pipeline.at("/landed/rowsPerSecond").asDouble()).isEqualTo(database.landedRows() / 3600.0);
        assertThat(pipeline.at("/pending/rows").asLong()).isEqualTo(1);
        assertThat(StreamSupport.stream(pipeline.at("/pending/byEntity").spliterator(), false)
                .filter(entity -> entity.get("count").asLong() > 0)
                .map(entity -> entity.get("entity").asText())).containsExactly("events");
        assertThat(pipeline.at("/rejected/open").asLong()).isEqualTo(2);
        assertThat(pipeline.at("/rejected/replayed").asLong()).isZero();
        assertThat(Instant.parse(pipeline.at("/freshness/newestRowAt").asText())).isEqualTo(T);
        assertThat(pipeline.at("/freshness/newestRowAgeSeconds").asDouble())
                .isGreaterThan(Duration.between(T, Instant.parse("2025-01-01T00:00:00Z")).toSeconds());
        assertThat(pipeline.at("/freshness/lastNormalisedAgeSeconds").asDouble()).isBetween(0.0, 600.0);
        assertThat(pipeline.at("/freshness/unnormalisedRows").asLong()).isZero();
        assertThat(pipeline.at("/freshness/coreBehindSeconds").asDouble()).isZero();

        JsonNode lag = pipeline.get("consumerLag");
        assertThat(lag.get("available").asBoolean()).as(lag.toString()).isTrue();
        assertThat(lag.get("totalLag").asLong()).isEqualTo((5 - 3) + 2);
        Map<Integer, Long> byPartition = new LinkedHashMap<>();
        lag.get("partitions").forEach(partition -> {
            if (partition.get("topic").asText().equals(LAG_TOPIC)) {
                byPartition.put(partition.get("partition").asInt(), partition.get("lag").asLong());
            }
        });
        assertThat(byPartition).containsExactlyInAnyOrderEntriesOf(Map.of(0, 2L, 1, 2L));
    }

    @Test
    void pipelineTrendsCountLandedAndRejectedRowsPerMinuteAndSampleTheLag() {
        client.json("/api/pipeline");   // a sample of the lag, as an open page takes one at each refresh

        JsonNode trends = client.json("/api/pipeline-trends?minutes=60");

        assertThat(trends.get("minuteStarts")).hasSize(60);
        assertThat(trends.get("landedPerMinute")).hasSize(60);
        assertThat(longs(trends.get("landedPerMinute")).stream().mapToLong(Long::longValue).sum())
                .as("every row was landed by this test's set-up, minutes ago").isEqualTo(database.landedRows());
        assertThat(longs(trends.get("rejectedPerMinute")).stream().mapToLong(Long::longValue).sum()).isEqualTo(2);
        JsonNode last = trends.get("samples").get(trends.get("samples").size() - 1);
        assertThat(last.get("consumerLag").asLong()).isEqualTo((5 - 3) + 2);
        assertThat(last.get("coreBehindSeconds").asDouble()).isZero();
    }

    @Test
    void configStatesTheThresholdsOnce() {
        JsonNode thresholds = client.json("/api/config").get("thresholds");

        assertThat(thresholds.at("/consumerLag/amber").asDouble()).isEqualTo(Thresholds.PIPELINE.consumerLag().amber());
        assertThat(thresholds.at("/coreBehind/red").asDouble()).isEqualTo(Thresholds.PIPELINE.coreBehind().red());
        assertThat(thresholds.at("/rejectsPerMinute/unit").asText()).isEqualTo("records per minute");
    }

    @Test
    void wallClockShowsNoSalesForHistoricalData() {
        DashboardServer wall = new DashboardServer();
        try {
            JsonNode sales = new DashboardClient(wall.start(database.dataSource(), null, 0)).json("/api/sales");
            assertThat(sales.get("clock").asText()).isEqualTo("wall");
            assertThat(sales.at("/recent/orders").asLong()).isZero();
            assertThat(sales.at("/today/revenue").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
        } finally {
            wall.stop();
        }
    }

    @Test
    void pageScriptStyleAndChartLibraryAreServedFromTheJar() {
        assertThat(client.get("/").contentType()).startsWith("text/html");
        assertThat(client.get("/").body()).contains("/assets/chart.umd.min.js").doesNotContain("https://");
        assertThat(client.get("/dashboard.js").contentType()).startsWith("text/javascript");
        assertThat(client.get("/dashboard.css").contentType()).startsWith("text/css");
        DashboardClient.Response chart = client.get("/assets/chart.umd.min.js");
        assertThat(chart.status()).isEqualTo(200);
        assertThat(chart.body()).contains("Chart").doesNotContain("sourceMappingURL");
        assertThat(client.get("/nothing-here").status()).isEqualTo(404);
    }

    @Test
    void badParametersAndUnknownEndpointsAreClientErrors() {
        DashboardClient.Response tooLong = client.get("/api/orders-per-minute?hours=500");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(DashboardClient.parse(tooLong.body()).get("error").asText()).contains("hours").contains("500");
        assertThat(client.get("/api/top-products?limit=abc").status()).isEqualTo(400);
        assertThat(client.get("/api/sales/extra").status()).isEqualTo(404);
        assertThat(client.json("/api/config").get("consumerLagAvailable").asBoolean()).isTrue();
    }

    /** Every endpoint, with each of its parameters out of range, empty, and with a name it does not take. */
    @ParameterizedTest
    @CsvSource({
            "/api/config,",
            "/api/sales,minutes=0;minutes=527041;minutes=",
            "/api/orders-per-minute,hours=0;hours=25;hours=x",
            "/api/events-per-minute,hours=0;hours=25;hours=",
            "/api/funnel,minutes=0;minutes=527041;minutes=1.5",
            "/api/top-products,minutes=0;limit=0;limit=101",
            "/api/top-categories,minutes=-1;limit=0;limit=101",
            "/api/pipeline,seconds=0;seconds=3601;seconds=",
            "/api/pipeline-trends,minutes=0;minutes=361;minutes=",
    })
    void everyEndpointAnswersAnInvalidParameterWith400NamingWhatItTakes(String path, String invalid) {
        List<String> queries = new ArrayList<>(invalid == null ? List.of() : List.of(invalid.split(";")));
        queries.add("window=60");                           // a name no endpoint takes (the page's own parameter)
        queries.add(queries.get(0) + "&" + queries.get(0)); // a name given twice
        for (String query : queries) {
            DashboardClient.Response response = client.get(path + "?" + query);
            assertThat(response.status()).as(path + "?" + query).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/json");
            String error = DashboardClient.parse(response.body()).get("error").asText();
            String name = query.substring(0, query.indexOf('='));
            assertThat(error).as(path + "?" + query).contains("'" + name + "'");
        }
        assertThat(client.get(path).status()).as("%s with no parameter", path).isEqualTo(200);
    }

    /** DNS rebinding: a request naming another host reaches a dashboard bound to 127.0.0.1, and is refused. */
    @Test
    void requestsAddressedToAnotherHostAreRefusedAndResponsesAreNotSniffed() throws Exception {
        java.net.URI page = server.url();
        assertThat(rawGet(page, "/api/config", "evil.example:" + page.getPort())).startsWith("HTTP/1.1 421");
        assertThat(rawGet(page, "/", "evil.example")).startsWith("HTTP/1.1 421");
        String local = rawGet(page, "/api/config", "localhost:" + page.getPort());
        assertThat(local).startsWith("HTTP/1.1 200").containsIgnoringCase("X-Content-Type-Options: nosniff");
        assertThat(rawGet(page, "/", "127.0.0.1:" + page.getPort())).startsWith("HTTP/1.1 200")
                .containsIgnoringCase("X-Content-Type-Options: nosniff");
    }

    /** A GET with a Host header of our choosing (java.net.http will not send one), status line and headers back. */
    private static String rawGet(java.net.URI server, String path, String host) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asLong()));
        return values;
    }
}
