package dev.ecomstream.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.sink.testing.Publisher;
import dev.ecomstream.sink.testing.TcpProxy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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

    @Test
    @Timeout(120)
    void shouldPauseWhilePostgresIsDownAndResumeWithNothingLostOrDoubled(DevStack devStack) throws Exception {
        int records = 30_000;
        Scenario scenario = new Scenario(devStack, "events", "pgdown", 3);
        scenario.publishEvents(0, records);
        try (TcpProxy postgres = TcpProxy.start(devStack.postgres().port());
             InProcessSink sink = InProcessSink.start(scenario.sinkArgs().withPostgresThrough(postgres)
                     .with("--batch-rows", "500").withHttpOnAnyPort())) {
            int port = sink.service().httpPort();
            await("some landed").atMost(Duration.ofSeconds(60)).until(() -> scenario.staging.events() >= 3_000);
            assertThat(scenario.staging.events()).isLessThan(records);

            postgres.cut();
            await("health reports consumption paused").atMost(Duration.ofSeconds(30))
                    .until(() -> get(port, "/health").contains("\"consumption\":\"paused\""));
            HttpResponse<String> down = request(port, "/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"database\":\"unreachable\"").contains("\"kafka\":\"reachable\"");
            long duringOutage = scenario.staging.events();
            Thread.sleep(5_000);
            assertThat(get(port, "/metrics")).contains("sink_consumption_paused 1.0");
            // A batch closes once it holds --batch-rows, after the poll that took it there (up to 5,000
            // records, max.poll.records): the batch retried holds less than 500 + 5,000, the buffer one more poll.
            assertThat(Double.parseDouble(metric(get(port, "/metrics"), "sink_buffered_records")))
                    .as("records held while paused: one batch plus at most one poll").isLessThan(500.0 + 5000 + 5000);
            assertThat(scenario.staging.events()).isEqualTo(duringOutage);

            postgres.restore();
            await("all landed after").atMost(Duration.ofSeconds(60))
                    .until(() -> scenario.staging.storedOffsets() == records);
            await("ready again").atMost(Duration.ofSeconds(15))
                    .until(() -> request(port, "/health").statusCode() == 200);
            assertThat(get(port, "/metrics")).contains("sink_batch_retries_total");
        }
        scenario.staging.assertEventsExactlyOnce(records);
    }

    @Test
    @Timeout(90)
    void shouldWaitForAnUnreachableKafkaReportItAndResumeAndServeMetrics(DevStack devStack) throws Exception {
        Scenario scenario = new Scenario(devStack, "events", "kafkadown", 2);
        scenario.publishEvents(0, 1_000);
        int brokerPort = Integer.parseInt(devStack.kafkaBootstrapServers().replaceAll(".*:", ""));
        try (TcpProxy kafka = TcpProxy.unstarted(brokerPort);
             InProcessSink sink = InProcessSink.start(scenario.sinkArgs().withKafkaThrough(kafka)
                     .withHttpOnAnyPort())) {
            int port = sink.service().httpPort();
            await("health reports Kafka unreachable").atMost(Duration.ofSeconds(30))
                    .until(() -> get(port, "/health").contains("\"kafka\":\"unreachable\""));
            assertThat(request(port, "/health").statusCode()).isEqualTo(503);
            assertThat(request(port, "/health/live").statusCode()).isEqualTo(200);
            Thread.sleep(2_000);
            assertThat(scenario.staging.events()).isZero();

            kafka.restore();
            await("landed after").atMost(Duration.ofSeconds(60)).until(() -> scenario.staging.events() == 1_000);
            await("ready once Kafka is back").atMost(Duration.ofSeconds(15))
                    .until(() -> request(port, "/health").statusCode() == 200);
            String health = get(port, "/health");
            assertThat(health).contains("\"status\":\"ready\"").contains("\"assignedPartitions\":2");
            await("lag gauges").atMost(Duration.ofSeconds(10))
                    .until(() -> get(port, "/metrics").contains("sink_consumer_lag{"));
            String metrics = get(port, "/metrics");
            assertThat(metric(metrics, "sink_rows_landed_total{entity=\"events\"}")).isEqualTo("1000.0");
            assertThat(metric(metrics, "sink_records_rejected_total{entity=\"events\"}")).isEqualTo("0.0");
            assertThat(metrics).contains("sink_batch_rows_count").contains("sink_batch_duration_seconds_count")
                    .contains("sink_seconds_since_last_commit").contains("partition=\"1\"");
        }
        scenario.staging.assertEventsExactlyOnce(1_000);
    }

    /*
     * A batch that failed on a transient error waits for its retry with consumption paused. A rebalance during
     * that wait takes its partitions away (the eager assignor revokes every partition, and here the batch's one
     * goes to another member), so the batch is dropped for its next owner: the partitions this instance keeps
     * must be consumed again, though no commit of that batch will ever come to resume them. The transient
     * error is real: the test locks the offset rows and cancels the statement waiting for them.
     */
    @Test
    @Timeout(120)
    void shouldResumeConsumingWhenARebalanceTakesTheBatchBeingRetried(DevStack devStack) throws Exception {
        Scenario scenario = new Scenario(devStack, "events", "retryrebalance", 2);
        AtomicBoolean memberDone = new AtomicBoolean();
        // Range assignment orders members by id: the sink ("ecomstream-sink-...") gets partition 0, this one 1.
        Thread member = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, devStack.kafkaBootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, scenario.group,
                    ConsumerConfig.CLIENT_ID_CONFIG, "zz-second-member"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(scenario.topic));
                while (!memberDone.get()) {
                    consumer.poll(Duration.ofMillis(100));
                }
            }
        }, "second-group-member");
        try (Publisher publisher = scenario.publisher();
             InProcessSink sink = InProcessSink.start(scenario.sinkArgs().withShortSessions());
             Connection locker = scenario.staging.connection()) {
            publisher.events(1, 0, 1_000);
            await("the first landed").atMost(Duration.ofSeconds(60))
                    .until(() -> scenario.staging.storedOffsets() == 1_000);

            locker.setAutoCommit(false);
            try (Statement statement = locker.createStatement()) {
                // blocks the offset update of every batch, not the reads that position the partitions
                statement.execute("LOCK TABLE staging.sink_offsets IN EXCLUSIVE MODE");
            }
            publisher.events(1, 1_000, 1_000);
            await("the sink retrying a failed batch, consumption paused").atMost(Duration.ofSeconds(30))
                    .until(() -> {
                        cancelWritesWaitingForTheLock(scenario);
                        return sink.service().health().consumptionPaused();
                    });
            member.start();
            await("the sink left with partition 0 by a rebalance during its retry").atMost(Duration.ofSeconds(60))
                    .until(() -> {
                        cancelWritesWaitingForTheLock(scenario);
                        return sink.service().health().assignedPartitions() == 1;
                    });
            locker.rollback();

            publisher.events(0, 2_000, 1_000);
            await("the records published since to the partition the sink kept landed").atMost(Duration.ofSeconds(30))
                    .until(() -> scenario.staging.storedOffsets() == 2_000);
            memberDone.set(true);
            member.join(30_000);
            await("the dropped batch landed once the other member left").atMost(Duration.ofSeconds(60))
                    .until(() -> scenario.staging.storedOffsets() == 3_000);
        } finally {
            memberDone.set(true);
            member.join(30_000);
        }
        scenario.staging.assertEventsExactlyOnce(3_000);
    }

    private static void cancelWritesWaitingForTheLock(Scenario scenario) {
        scenario.staging.count("SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity WHERE datname = '"
                + scenario.database + "' AND application_name = 'ecomstream-sink' AND wait_event_type = 'Lock'");
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
