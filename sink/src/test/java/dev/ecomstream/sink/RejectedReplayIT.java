package dev.ecomstream.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.sink.testing.Publisher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The way back for a rejected record: exported to files, fixed by hand, published again to its topic with its key
 * and headers, landed in staging and core, marked replayed so a second replay skips it; records published always
 * equal rows landed plus records rejected.
 */
@ExtendWith(DevStackExtension.class)
class RejectedReplayIT {

    private static final String POISON = order(3).replace("\"num_of_item\":1", "\"num_of_item\":\"three\"");
    private static final String FIXED = order(3).replace("\"num_of_item\":1", "\"num_of_item\":3");

    private final DevStack devStack;

    @TempDir
    Path exported;

    /** The login in ecomstream_writer the export and replay run as. */
    private String login;

    RejectedReplayIT(DevStack devStack) {
        this.devStack = devStack;
    }

    private record Run(int exitCode, String out) {
    }

    @SuppressWarnings("try") // the running sink is the try block's subject, not something it calls
    @Test
    @Timeout(180)
    void shouldExportFixReplayOnceAndLandTheFixedRecordInStagingAndCore() throws Exception {
        Scenario scenario = new Scenario(devStack, "orders", "replay", 1);
        String topic = scenario.topic;
        try (Publisher publisher = scenario.publisher();
             InProcessSink sink = InProcessSink.start(scenario.sinkArgs().with("--normalise-interval-ms", "200"))) {
            for (int id : new int[] {1, 2}) {
                publisher.send(0, Integer.toString(id), order(id));
            }
            publisher.send(0, "3", POISON, List.of(new RecordHeader("source_file", "orders.csv".getBytes(StandardCharsets.UTF_8))));
            publisher.send(0, "4", order(4));
            publisher.flush();
            await("the three good orders in staging").atMost(Duration.ofSeconds(60))
                    .until(() -> scenario.staging.count("SELECT count(*) FROM staging.orders") == 3);
            await("the three good orders in core").atMost(Duration.ofSeconds(30))
                    .until(() -> scenario.staging.count("SELECT count(*) FROM core.orders") == 3);
            assertThat(scenario.staging.count("SELECT count(*) FROM staging.rejected_records")).isEqualTo(1);

            // an operator's tools need no more than the sink's role
            String login = "replaying_writer_" + System.nanoTime() % 100_000;
            scenario.staging.execute("CREATE ROLE " + login + " LOGIN PASSWORD 'replay-pw' IN ROLE ecomstream_writer");
            this.login = login;

            Run export = run(scenario, "export", "--to", exported.toString());
            assertThat(export.exitCode()).as(export.out()).isZero();
            assertThat(export.out()).contains("Exported 1 rejected record(s)")
                    .contains("rejected replay --from " + exported.toAbsolutePath());
            String base = topic + "-0-2";
            assertThat(Files.readString(exported.resolve(base + ".value"))).isEqualTo(POISON);
            assertThat(Files.readString(exported.resolve(base + ".json")))
                    .contains("\"key_text\" : \"3\"", "\"key\" : \"source_file\"", "num_of_item");

            Files.writeString(exported.resolve(base + ".value"), FIXED); // the operator's fix
            Run replay = run(scenario, "replay", "--from", exported.toString());
            assertThat(replay.exitCode()).as(replay.out()).isZero();
            assertThat(replay.out()).contains("Replayed " + base + " to partition 0, offset 4",
                    "Replayed 1 record(s), skipped 0");
            await("the fixed order in core").atMost(Duration.ofSeconds(60))
                    .until(() -> scenario.staging.count(
                            "SELECT count(*) FROM core.orders WHERE order_id = 3 AND num_of_item = 3") == 1);

            Run again = run(scenario, "replay", "--from", exported.toString());
            assertThat(again.exitCode()).as(again.out()).isZero();
            assertThat(again.out()).contains("Skipped " + base + ": replayed at", "Replayed 0 record(s), skipped 1");
            Run nothingLeft = run(scenario, "export", "--to", exported.resolve("second").toString());
            assertThat(nothingLeft.out()).contains("Exported 0 rejected record(s)");
        }

        assertThat(scenario.staging.rows("SELECT replayed_partition, replayed_offset, replayed_at IS NOT NULL "
                + "FROM staging.rejected_records")).containsExactly(List.of("0", "4", "t"));
        // what monitoring sees (V018): the reject is no longer open, and says where its fixed version went
        assertThat(scenario.staging.rows("SELECT open_records, replayed_records, records FROM ops.rejected_summary"))
                .containsExactly(List.of("0", "1", "1"));
        assertThat(scenario.staging.rows("SELECT replayed_partition, replayed_offset FROM ops.rejected_records"))
                .containsExactly(List.of("0", "4"));
        long published = scenario.endOffsets().get(0);
        long landed = scenario.staging.count("SELECT count(*) FROM staging.orders");
        long rejected = scenario.staging.count("SELECT count(*) FROM staging.rejected_records");
        assertThat(published).as("published").isEqualTo(5);
        assertThat(landed + rejected).as("landed + rejected").isEqualTo(published);
        assertThat(scenario.staging.count("SELECT count(*) FROM core.orders")).isEqualTo(4);
        assertThat(headersAt(topic, 4)).containsExactly("source_file=orders.csv");
    }

    private Run run(Scenario scenario, String subcommand, String... options) {
        List<String> args = new ArrayList<>(List.of("rejected", subcommand, "--bootstrap-servers",
                devStack.kafkaBootstrapServers(), "--pg-url", devStack.postgres().jdbcUrl(scenario.database),
                "--pg-user", login, "--pg-password", "replay-pw"));
        args.addAll(List.of(options));
        StringWriter out = new StringWriter();
        int exitCode = SinkCommand.commandLine().setOut(new PrintWriter(out)).execute(args.toArray(String[]::new));
        return new Run(exitCode, out.toString());
    }

    private List<String> headersAt(String topic, long offset) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, devStack.kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    List<String> headers = new ArrayList<>();
                    record.headers().forEach(h -> headers.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8)));
                    return headers;
                }
            }
        }
        throw new AssertionError("no record at offset " + offset + " of " + topic);
    }

    private static String order(int id) {
        return "{\"order_id\":" + id + ",\"user_id\":1,\"status\":\"Shipped\",\"gender\":\"F\","
                + "\"created_at\":\"2022-06-17T02:52:23Z\",\"num_of_item\":1}";
    }
}
