package dev.ecomstream.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.sink.testing.Publisher;
import dev.ecomstream.sink.testing.TcpProxy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Test (2) and the Kafka side: PostgreSQL and Kafka go away behind a TCP relay on 127.0.0.1 (a real network
 * path, cut and restored), and the sink waits, says so in /health, and resumes by itself with nothing lost
 * or doubled. Also checks what /metrics serves.
 */
@ExtendWith(DevStackExtension.class)
class OutagesIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final DevStack devStack;

    OutagesIT(DevStack devStack) {
        this.devStack = devStack;
    }

    @Test
    @Timeout(120)
    void shouldPauseWhilePostgresIsDownAndResumeWithNothingLostOrDoubled() throws Exception {
        int records = 30_000;
        Scenario scenario = new Scenario(devStack, "events", "pgdown", 3);
        try (Publisher publisher = scenario.publisher()) {
            publisher.events(0, records);
        }
        try (TcpProxy postgres = TcpProxy.start(devStack.postgres().port());
             InProcessSink sink = InProcessSink.start(scenario.sinkArgs()
                     .with("--pg-url", "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + scenario.database)
                     .with("--batch-rows", "500").with("--http-address", "127.0.0.1").with("--http-port", "0"))) {
            int port = sink.service().httpPort();
            TwoInstancesIT.awaitTrue(Duration.ofSeconds(60), () -> scenario.staging.events() >= 3_000, "some landed");
            assertThat(scenario.staging.events()).isLessThan(records);

            postgres.cut();
            TwoInstancesIT.awaitTrue(Duration.ofSeconds(30), () -> get(port, "/health").contains("\"consumption\":\"paused\""),
                    "health reports consumption paused");
            HttpResponse<String> down = request(port, "/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"database\":\"unreachable\"").contains("\"kafka\":\"reachable\"");
            long duringOutage = scenario.staging.events();
            Thread.sleep(5_000);
            assertThat(get(port, "/metrics")).contains("sink_consumption_paused 1.0");
            assertThat(Double.parseDouble(metric(get(port, "/metrics"), "sink_buffered_records")))
                    .as("records held while paused: one batch plus at most one poll").isLessThanOrEqualTo(500.0 + 5000);
            assertThat(scenario.staging.events()).isEqualTo(duringOutage);

            postgres.restore();
            TwoInstancesIT.awaitTrue(Duration.ofSeconds(60), () -> scenario.staging.count(
                    "SELECT coalesce(sum(next_offset), 0) FROM staging.sink_offsets") == records, "all landed after");
            TwoInstancesIT.awaitTrue(Duration.ofSeconds(15), () -> request(port, "/health").statusCode() == 200,
                    "ready again");
            assertThat(get(port, "/metrics")).contains("sink_batch_retries_total");
        }
        scenario.staging.assertEventsExactlyOnce(records);
    }

    @Test
    @Timeout(90)
    void shouldWaitForAnUnreachableKafkaReportItAndResumeAndServeMetrics() throws Exception {
        Scenario scenario = new Scenario(devStack, "events", "kafkadown", 2);
        try (Publisher publisher = scenario.publisher()) {
            publisher.events(0, 1_000);
        }
        int brokerPort = Integer.parseInt(devStack.kafkaBootstrapServers().replaceAll(".*:", ""));
        try (TcpProxy kafka = TcpProxy.unstarted(brokerPort);
             InProcessSink sink = InProcessSink.start(scenario.sinkArgs()
                     .with("--bootstrap-servers", "127.0.0.1:" + kafka.port())
                     .with("--http-address", "127.0.0.1").with("--http-port", "0"))) {
            int port = sink.service().httpPort();
            TwoInstancesIT.awaitTrue(Duration.ofSeconds(30), () -> get(port, "/health").contains("\"kafka\":\"unreachable\""),
                    "health reports Kafka unreachable");
            assertThat(request(port, "/health").statusCode()).isEqualTo(503);
            assertThat(request(port, "/health/live").statusCode()).isEqualTo(200);
            Thread.sleep(2_000);
            assertThat(scenario.staging.events()).isZero();

            kafka.restore();
            TwoInstancesIT.awaitTrue(Duration.ofSeconds(60), () -> scenario.staging.events() == 1_000, "landed after");
            TwoInstancesIT.awaitTrue(Duration.ofSeconds(15), () -> request(port, "/health").statusCode() == 200,
                    "ready once Kafka is back");
            String health = get(port, "/health");
            assertThat(health).contains("\"status\":\"ready\"").contains("\"assignedPartitions\":2");
            TwoInstancesIT.awaitTrue(Duration.ofSeconds(10), () -> get(port, "/metrics").contains("sink_consumer_lag{"),
                    "lag gauges");
            String metrics = get(port, "/metrics");
            assertThat(metric(metrics, "sink_rows_landed_total{entity=\"events\"}")).isEqualTo("1000.0");
            assertThat(metric(metrics, "sink_records_rejected_total{entity=\"events\"}")).isEqualTo("0.0");
            assertThat(metrics).contains("sink_batch_rows_count").contains("sink_batch_duration_seconds_count")
                    .contains("sink_seconds_since_last_commit").contains("partition=\"1\"");
        }
        scenario.staging.assertEventsExactlyOnce(1_000);
    }

    static String get(int port, String path) {
        return request(port, path).body();
    }

    static HttpResponse<String> request(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The value of one sample line of a Prometheus scrape, e.g. {@code name{label="x"}}. */
    static String metric(String scrape, String sample) {
        return scrape.lines().filter(line -> line.startsWith(sample + " ")).map(line -> line.substring(sample.length() + 1))
                .findFirst().orElseThrow(() -> new AssertionError(sample + " not in:\n" + scrape));
    }
}
