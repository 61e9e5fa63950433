package dev.ecomstream.producers.publish;

import dev.ecomstream.devstack.EmbeddedKafkaBroker;
import dev.ecomstream.producers.convert.PublishableRow;
import dev.ecomstream.producers.convert.RowConverter;
import dev.ecomstream.producers.csv.CsvRow;
import dev.ecomstream.producers.csv.CsvRowReader;
import dev.ecomstream.schema.Entity;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Benchmark, not a test: rows/s of {@link EntityPublisher} on an events CSV, against rows/s of a plain
 * KafkaProducer sending the same records (same keys, JSON values and headers) already serialised, with the
 * same producer settings, to the same embedded broker in the same run. The ratio is what matters; both
 * figures move with the machine. Run with {@code producers/bench.sh [ROWS] [ROUNDS]}.
 */
public final class PublishBenchmark {

    private static final int PARTITIONS = 3;

    private PublishBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        quietBrokerLogs();
        Path directory = Files.createTempDirectory("ecomstream-bench-");
        Path file = directory.resolve("events.csv");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            writeEvents(file, rows);
            System.out.printf("events.csv: %,d rows, %,d bytes; broker %s%n", rows, Files.size(file),
                    broker.bootstrapServers());
            SerialisedRecords records = SerialisedRecords.of(file);
            Measurement dryRun = measure(rows, () -> EntityPublisher.dryRun().publish(Entity.EVENTS, file,
                    new PublishOptions("none", 0, null, false)));
            System.out.printf("EntityPublisher --dry-run (read and convert only): %,.0f rows/s; CPU per row: %s%n",
                    dryRun.rowsPerSecond(), dryRun.cpu());
            List<String> topics = createTopics(broker, rounds);
            double bestReference = 0;
            double bestPublisher = 0;
            for (int round = 1; round <= rounds; round++) {
                String plainTopic = topics.get(2 * round - 2);
                String publisherTopic = topics.get(2 * round - 1);
                Measurement reference = measure(rows, () -> sendPlain(broker, records, plainTopic));
                Measurement publisher = measure(rows, () -> publish(broker, file, publisherTopic));
                System.out.printf("round %d: plain KafkaProducer %,.0f rows/s, EntityPublisher %,.0f rows/s, "
                        + "ratio %.2f%n  CPU per row, plain:     %s%n  CPU per row, publisher: %s%n", round,
                        reference.rowsPerSecond(), publisher.rowsPerSecond(),
                        publisher.rowsPerSecond() / reference.rowsPerSecond(), reference.cpu(), publisher.cpu());
                bestReference = Math.max(bestReference, reference.rowsPerSecond());
                bestPublisher = Math.max(bestPublisher, publisher.rowsPerSecond());
            }
            System.out.printf("best of %d: plain KafkaProducer %,.0f rows/s, EntityPublisher %,.0f rows/s, "
                    + "ratio %.2f (target >= 0.80)%n", rounds, bestReference, bestPublisher,
                    bestPublisher / bestReference);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(directory);
        }
    }

    private interface Run {
        void run() throws Exception;
    }

    /** Rows per second, and where the CPU time of the whole JVM (broker included) went per row. */
    private record Measurement(double rowsPerSecond, String cpu) {
    }

    private static Measurement measure(int rows, Run run) throws Exception {
        try (ThreadCpuAccounting accounting = ThreadCpuAccounting.start()) {
            long started = System.nanoTime();
            run.run();
            double rowsPerSecond = rows / ((System.nanoTime() - started) / 1e9);
            return new Measurement(rowsPerSecond, ThreadCpuAccounting.describe(accounting.microsPerRow(rows)));
        }
    }

    /*
     * All topics up front, then a pause: on this single-node broker a producer writing to a partition in its
     * first moments can get NOT_LEADER_OR_FOLLOWER and then spin on OUT_OF_ORDER_SEQUENCE retries, which
     * would measure the broker's start-up rather than the producers.
     */
    private static List<String> createTopics(EmbeddedKafkaBroker broker, int rounds) throws InterruptedException {
        List<String> names = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            names.add("bench.plain." + round);
            names.add("bench.publisher." + round);
        }
        Properties properties = new Properties();
        properties.put("bootstrap.servers", broker.bootstrapServers());
        TopicCreator.createMissing(properties, names, PARTITIONS, (short) 1);
        Thread.sleep(3000);
        return names;
    }

    private static void quietBrokerLogs() {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
    }

    private static void publish(EmbeddedKafkaBroker broker, Path file, String topic) throws IOException {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                KafkaClientProperties.forProducer(broker.bootstrapServers(), Map.of()))) {
            new EntityPublisher(producer).publish(Entity.EVENTS, file, new PublishOptions(topic, 0, null, false));
        }
    }

    private static void sendPlain(EmbeddedKafkaBroker broker, SerialisedRecords records, String topic) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        Callback callback = (metadata, exception) -> {
            if (exception != null) {
                failure.compareAndSet(null, exception);
            }
        };
        Header entity = new RecordHeader("entity", "events".getBytes(StandardCharsets.UTF_8));
        Header sourceFile = new RecordHeader("source_file", "events.csv".getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                KafkaClientProperties.forProducer(broker.bootstrapServers(), Map.of()))) {
            for (int i = 0; i < records.keys.size(); i++) {
                RecordHeaders headers = new RecordHeaders(new Header[] {entity, sourceFile,
                        new RecordHeader("source_line", records.lines.get(i))});
                producer.send(new ProducerRecord<>(topic, null, records.keys.get(i), records.values.get(i), headers),
                        callback);
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("plain producer failed", failure.get());
        }
    }

    /** The publisher's own records for the file, held in memory so the reference run does no CSV work. */
    private record SerialisedRecords(List<byte[]> keys, List<byte[]> values, List<byte[]> lines) {

        static SerialisedRecords of(Path file) throws IOException {
            SerialisedRecords records = new SerialisedRecords(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            try (CsvRowReader reader = CsvRowReader.open(Entity.EVENTS, file)) {
                RowConverter converter = new RowConverter(Entity.EVENTS, reader.header(), file,
                        KafkaClientProperties.DEFAULT_MAX_REQUEST_SIZE);
                for (CsvRow row : reader) {
                    PublishableRow publishable = (PublishableRow) converter.convert(row);
                    records.keys.add(publishable.key().getBytes(StandardCharsets.UTF_8));
                    records.values.add(publishable.json());
                    records.lines.add(Long.toString(publishable.lineNumber()).getBytes(StandardCharsets.US_ASCII));
                }
            }
            return records;
        }
    }

    /* Rows shaped like the TheLook events export (about 180 bytes each), deterministic for a given count. */
    private static void writeEvents(Path file, int rows) throws IOException {
        String[] cities = {"Shanghai", "São Paulo", "New York", "Seoul", "Berlin", "Tokyo", "Paris"};
        String[] browsers = {"Chrome", "Firefox", "Safari", "IE", "Other"};
        String[] sources = {"Email", "Adwords", "Organic", "YouTube", "Facebook"};
        String[] uris = {"/home", "/department/men/category/jeans/brand/carhartt", "/product/12345", "/cart",
                "/purchase", "/cancel"};
        String[] types = {"home", "department", "product", "cart", "purchase", "cancel"};
        Random random = new Random(42);
        long createdAt = 1_597_208_564L;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("id,user_id,sequence_number,session_id,created_at,ip_address,city,state,postal_code,"
                    + "browser,traffic_source,uri,event_type\n");
            UUID session = null;
            int sequence = 0;
            for (int id = 1; id <= rows; id++) {
                if (sequence == 0 || random.nextInt(6) == 0) {
                    session = new UUID(random.nextLong(), random.nextLong());
                    sequence = 0;
                }
                sequence++;
                createdAt += random.nextInt(120);
                int page = random.nextInt(uris.length);
                String city = cities[random.nextInt(cities.length)];
                out.write(id + "," + (random.nextInt(10) < 7 ? Integer.toString(1 + random.nextInt(100_000)) : "")
                        + "," + sequence + "," + session + ","
                        + java.time.Instant.ofEpochSecond(createdAt).toString().replace('T', ' ').replace("Z", " UTC")
                        + "," + (1 + random.nextInt(223)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                        + random.nextInt(256) + "," + city + "," + city + "," + (10000 + random.nextInt(89999)) + ","
                        + browsers[random.nextInt(browsers.length)] + "," + sources[random.nextInt(sources.length)]
                        + "," + uris[page] + "," + types[page] + "\n");
            }
        }
    }
}
