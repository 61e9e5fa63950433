package dev.ecomstream.producers.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.producers.CapturedLog;
import dev.ecomstream.producers.TopicContents;
import dev.ecomstream.producers.csv.CsvSyntaxException;
import dev.ecomstream.producers.csv.InvalidCsvHeaderException;
import dev.ecomstream.schema.Entity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One test per kind of bad input: the message a user reads, the line in the rejects file, the counts, and
 * what actually reached the broker (the good rows around the bad one, and nothing else).
 */
@ExtendWith(DevStackExtension.class)
class BadInputIT {

    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static final String DC_HEADER = "id,name,latitude,longitude";
    private static final String ORDERS_HEADER =
            "order_id,user_id,status,gender,created_at,returned_at,shipped_at,delivered_at,num_of_item";
    private static final String EVENTS_HEADER = "id,user_id,sequence_number,session_id,created_at,ip_address,city,"
            + "state,postal_code,browser,traffic_source,uri,event_type";
    private static final String EVENT = ",7,1,385c2df3-597b-4b4d-82b8-07d17e71772e,2020-08-12 05:02:44 UTC,"
            + "211.55.2.38,Shanghai,Shanghai,200253,Firefox,Facebook,/home,home";

    private final DevStack stack;
    private final Producer<byte[], byte[]> producer;
    private final String topic = "bad-input." + TOPICS.incrementAndGet();

    @TempDir
    Path dir;

    BadInputIT(DevStack stack) {
        this.stack = stack;
        this.producer = new KafkaProducer<>(KafkaClientProperties.forProducer(stack.kafkaBootstrapServers(), Map.of()));
        stack.createTopics(List.of(topic), 1);
    }

    @AfterEach
    void closeProducer() {
        producer.close();
    }

    @Test
    void shouldRejectARowWithTheWrongNumberOfFields() throws IOException {
        Path file = write("distribution_centers.csv", DC_HEADER + "\n1,Memphis TN,35.1,-89.9\n"
                + "2,Chicago, IL,41.8,-87.6\n3,Houston TX,29.7,-95.3\n");

        Outcome outcome = publish(Entity.DISTRIBUTION_CENTERS, file);

        outcome.assertCounts(3, 2, 1).assertKeys("1", "3");
        assertThat(outcome.log).containsExactly("WARN Rejected " + file
                + ":3: expected 4 fields as in the header, found 5 (an unquoted comma or a missing field?)");
        assertThat(outcome.rejectsLines()).containsExactly(
                "id,name,latitude,longitude,rejected_line,rejected_column,rejected_reason",
                "2,Chicago,\" IL\",41.8,-87.6,3,,\"expected 4 fields as in the header, found 5 "
                        + "(an unquoted comma or a missing field?)\"");
    }

    /** One bad value in the second of three rows: that row is rejected, naming its column and why; the rest go. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void shouldRejectTheRowOfABadValueAndPublishTheRowsAroundIt(String kind, Entity entity, String header,
            List<String> rows, String column, String reason, String value) throws IOException {
        Path file = write(entity.csvFileName(), header + "\n" + String.join("\n", rows) + "\n");

        Outcome outcome = publish(entity, file);

        outcome.assertCounts(3, 2, 1).assertKeys("1", "3");
        assertThat(outcome.log).containsExactly("WARN Rejected " + file
                + ":3: column '" + column + "': " + reason + " ('" + value + "')");
        assertThat(outcome.rejectsLines()).containsExactly(header + ",rejected_line,rejected_column,rejected_reason",
                rows.get(1) + ",3," + column + "," + reason);
    }

    static Stream<Arguments> badValues() {
        String order = ",7,Complete,F,2022-06-17 02:52:23 UTC,,,,";
        return Stream.of(
                Arguments.of("integer", Entity.ORDERS, ORDERS_HEADER,
                        List.of("1" + order + "1", "2" + order + "two", "3" + order + "3"),
                        "num_of_item", "not a whole number in the 32-bit range", "two"),
                Arguments.of("decimal", Entity.DISTRIBUTION_CENTERS, DC_HEADER,
                        List.of("1,Memphis TN,35.1,-89.9", "2,Chicago IL,\"41,8\",-87.6", "3,Houston TX,29.7,-95.3"),
                        "latitude", "not a decimal number", "41,8"),
                Arguments.of("timestamp", Entity.ORDERS, ORDERS_HEADER,
                        List.of("1" + order + "1", "2,7,Complete,F,17/06/2022 02:52:23,,,,2",
                                "3,7,Complete,F,2022-06-17T02:52:23.5Z,,,,3"),
                        "created_at", "not a timestamp (expected e.g. '2022-06-17 02:52:23 UTC' or "
                                + "'2022-06-17T02:52:23Z')", "17/06/2022 02:52:23"),
                Arguments.of("uuid", Entity.EVENTS, EVENTS_HEADER,
                        List.of("1" + EVENT, "2" + EVENT.replace("385c2df3-597b-4b4d-82b8-07d17e71772e", "not-a-uuid"),
                                "3" + EVENT),
                        "session_id", "not a UUID (expected 8-4-4-4-12 hexadecimal digits)", "not-a-uuid"),
                Arguments.of("IP address", Entity.EVENTS, EVENTS_HEADER,
                        List.of("1" + EVENT, "2" + EVENT.replace("211.55.2.38", "256.12.0.1"),
                                "3" + EVENT.replace("211.55.2.38", "2001:db8::1")),
                        "ip_address", "not an IPv4 or IPv6 address", "256.12.0.1"));
    }

    @Test
    void shouldRejectARowWithInvalidUtf8AndPublishTheRowsAroundIt() throws IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes((DC_HEADER + "\n1,Memphis TN,35.1,-89.9\n2,S").getBytes(StandardCharsets.UTF_8));
        content.write(0xE3); // "São" in Latin-1
        content.writeBytes("o Paulo,-23.5,-46.6\n3,Houston TX,29.7,-95.3\n".getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("distribution_centers.csv");
        Files.write(file, content.toByteArray());

        Outcome outcome = publish(Entity.DISTRIBUTION_CENTERS, file);

        outcome.assertCounts(3, 2, 1).assertKeys("1", "3");
        assertThat(outcome.log).containsExactly("WARN Rejected " + file + ":3: column 'name': is not valid UTF-8 "
                + "(byte 0xE3 at byte offset 54; U+FFFD stands in for it in the rejects file). If the file is "
                + "Latin-1, convert it with iconv -f latin1 -t utf-8 ('S\uFFFDo Paulo')");
        assertThat(outcome.rejectsLines()).containsExactly(DC_HEADER + ",rejected_line,rejected_column,"
                + "rejected_reason", "2,S\uFFFDo Paulo,-23.5,-46.6,3,name,\"is not valid UTF-8 (byte 0xE3 at byte "
                + "offset 54; U+FFFD stands in for it in the rejects file). If the file is Latin-1, convert it with "
                + "iconv -f latin1 -t utf-8\"");
    }

    @Test
    void shouldStopAtAQuoteThatNeverClosesNamingTheLineAndCountingWhatWentBefore() throws IOException {
        Path file = write("distribution_centers.csv", DC_HEADER + "\n1,Memphis TN,35.1,-89.9\n"
                + "2,Chicago IL,x,-87.6\n3,\"Houston TX,29.7,-95.3\n4,Austin TX,30.2,-97.7\n");

        assertThatThrownBy(() -> publish(Entity.DISTRIBUTION_CENTERS, file))
                .isInstanceOf(CsvSyntaxException.class)
                .hasMessage(file + ":4: a quoted field in the row starting on this line is never closed, so the "
                        + "rest of the file reads as one field; nothing from this line on is published. Close the "
                        + "quote (a quote inside a quoted field is written twice: \"\") and run the file again. "
                        + "Before stopping: read 2 rows, published 1, rejected 1 (see "
                        + dir.resolve("distribution_centers.rejects.csv") + ")");
        assertThat(keysOnTopic()).containsExactly("1");
        assertThat(Files.readAllLines(dir.resolve("distribution_centers.rejects.csv"))).containsExactly(
                DC_HEADER + ",rejected_line,rejected_column,rejected_reason",
                "2,Chicago IL,x,-87.6,3,latitude,not a decimal number");
    }

    @Test
    void shouldRejectEveryLineOfAQuotedFieldSpanningLinesInAColumnWithoutLineBreaks() throws IOException {
        String complete = ",1,Complete,F,2022-06-17 02:52:23 UTC,,,,1\n";
        Path file = write("orders.csv", ORDERS_HEADER + "\n9000" + complete
                + "9001,1,\"Complete,F,2022-06-17 02:52:23 UTC,,,,1\n" + "9002" + complete + "9004" + complete
                + "9003,1,Complete\",F,2022-06-17 02:52:23 UTC,,,,1\n" + "9005" + complete);

        Outcome outcome = publish(Entity.ORDERS, file);

        outcome.assertCounts(6, 2, 4).assertKeys("9000", "9005");
        assertThat(outcome.log).containsExactly(
                "WARN Rejected " + file + ":3: column 'status': quoted field opened on line 3 closes on line 6, but "
                        + "status cannot hold a line break, so a quote is missing or extra there. Lines 3 to 6 are "
                        + "rejected, one row each, and none is published: fix the quote and publish the file again",
                "WARN Rejected " + file + ":4: read into the row of line 3, whose quoted field opened on line 3 "
                        + "closes on line 6 (column 'status'); rejected with it",
                "WARN Rejected " + file + ":5: read into the row of line 3, whose quoted field opened on line 3 "
                        + "closes on line 6 (column 'status'); rejected with it",
                "WARN Rejected " + file + ":6: read into the row of line 3, whose quoted field opened on line 3 "
                        + "closes on line 6 (column 'status'); rejected with it");
        String inside = ",\"read into the row of line 3, whose quoted field opened on line 3 closes on line 6 "
                + "(column 'status'); rejected with it\"";
        assertThat(outcome.rejectsLines()).containsExactly(
                ORDERS_HEADER + ",rejected_line,rejected_column,rejected_reason",
                "9001,1,\"\"\"Complete\",F,2022-06-17 02:52:23 UTC,,,,1,3,status,"
                        + "\"quoted field opened on line 3 closes on line 6, but status cannot hold a line break, so a quote is missing or extra there. Lines "
                        + "3 to 6 are rejected, one row each, and none is published: fix the quote and publish the "
                        + "file again\"",
                "9002,1,Complete,F,2022-06-17 02:52:23 UTC,,,,1,4," + inside,
                "9004,1,Complete,F,2022-06-17 02:52:23 UTC,,,,1,5," + inside,
                "9003,1,\"Complete\"\"\",F,2022-06-17 02:52:23 UTC,,,,1,6," + inside);
    }

    @Test
    void shouldRejectARowLargerThanTheProducerTakesAndPublishTheRowsAfterIt() throws IOException {
        String name = "x".repeat(2 * 1024 * 1024);
        Path file = write("distribution_centers.csv", DC_HEADER + "\n1,Memphis TN,35.1,-89.9\n2," + name
                + ",41.8,-87.6\n3,Houston TX,29.7,-95.3\n");

        Outcome outcome = publish(Entity.DISTRIBUTION_CENTERS, file);

        outcome.assertCounts(3, 2, 1).assertKeys("1", "3");
        assertThat(outcome.log).singleElement().asString().startsWith("WARN Rejected " + file
                + ":3: column 'name': makes the row's Kafka record up to 2097").endsWith(" bytes (the field has "
                + "2097152 characters), over the producer's limit of 1048576 (max.request.size): shorten it, or "
                + "raise the limit with --kafka-property max.request.size=BYTES if the topic's max.message.bytes "
                + "allows it");
        assertThat(outcome.rejectsLines()).hasSize(2);
        assertThat(outcome.rejectsLines().get(1)).startsWith("2,xxx").matches(".*,41\\.8,-87\\.6,3,name,\"makes the "
                + "row's Kafka record up to 2097\\d{3} bytes \\(the field has 2097152 characters\\), over .*\"");
    }

    @Test
    void shouldRefuseAnEmptyFileSendingNothing() throws IOException {
        Path file = write("distribution_centers.csv", "");

        assertThatThrownBy(() -> publish(Entity.DISTRIBUTION_CENTERS, file))
                .isInstanceOf(InvalidCsvHeaderException.class)
                .hasMessage(file + ":1: the file is empty; a distribution_centers file starts with a header line "
                        + "naming its columns");
        assertThat(keysOnTopic()).isEmpty();
        assertThat(dir.resolve("distribution_centers.rejects.csv")).doesNotExist();
    }

    @Test
    void shouldPublishNothingFromAHeaderOnlyFileAndSucceed() throws IOException {
        Path file = write("distribution_centers.csv", DC_HEADER + "\n");

        Outcome outcome = publish(Entity.DISTRIBUTION_CENTERS, file);

        outcome.assertCounts(0, 0, 0).assertKeys();
        assertThat(outcome.log).isEmpty();
        assertThat(outcome.report.rejectsFile()).isNull();
        assertThat(dir.resolve("distribution_centers.rejects.csv")).doesNotExist();
    }

    @Test
    void shouldRefuseAHeaderLackingARequiredColumnSendingNothing() throws IOException {
        Path file = write("distribution_centers.csv", "id,name,latitude\n1,Memphis TN,35.1\n");

        assertThatThrownBy(() -> publish(Entity.DISTRIBUTION_CENTERS, file))
                .isInstanceOf(InvalidCsvHeaderException.class)
                .hasMessage(file + ":1: the header lacks the distribution_centers column(s) [longitude]; it has "
                        + "[id, name, latitude]. Is this the distribution_centers export? Pass the right file, or "
                        + "the right entity for this file.");
        assertThat(keysOnTopic()).isEmpty();
        assertThat(dir.resolve("distribution_centers.rejects.csv")).doesNotExist();
    }

    @Test
    void shouldRefuseADuplicatedHeaderSendingNothing() throws IOException {
        Path file = write("distribution_centers.csv", "id,name,latitude,longitude,name\n1,Memphis TN,35.1,-89.9,x\n");

        assertThatThrownBy(() -> publish(Entity.DISTRIBUTION_CENTERS, file))
                .isInstanceOf(InvalidCsvHeaderException.class)
                .hasMessage(file + ":1: column 'name' appears twice in the header; a distribution_centers file "
                        + "must name each column once");
        assertThat(keysOnTopic()).isEmpty();
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private Outcome publish(Entity entity, Path file) throws IOException {
        try (CapturedLog log = new CapturedLog(EntityPublisher.class)) {
            PublishReport report = new EntityPublisher(producer).publish(entity, file,
                    new PublishOptions(topic, 0, null, false));
            List<String> warnings = log.lines().stream().filter(line -> line.startsWith("WARN")).toList();
            return new Outcome(report, warnings, keysOnTopic());
        }
    }

    private List<String> keysOnTopic() {
        return TopicContents.readAll(stack.kafkaBootstrapServers(), topic).stream()
                .map(record -> new String(record.key(), StandardCharsets.UTF_8))
                .toList();
    }

    private record Outcome(PublishReport report, List<String> log, List<String> keys) {

        Outcome assertCounts(long read, long published, long rejected) {
            assertThat(List.of(report.rowsRead(), report.rowsPublished(), report.rowsRejected()))
                    .as("read, published, rejected").containsExactly(read, published, rejected);
            return this;
        }

        Outcome assertKeys(String... expected) {
            assertThat(keys).containsExactly(expected);
            return this;
        }

        List<String> rejectsLines() throws IOException {
            return Files.readAllLines(report.rejectsFile(), StandardCharsets.UTF_8);
        }
    }
}
