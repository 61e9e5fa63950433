package dev.ecomstream.sink.bench;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.schema.SchemaMigrator;
import dev.ecomstream.sink.testing.ChildSink;
import dev.ecomstream.sink.testing.EventRecords;
import dev.ecomstream.sink.testing.Publisher;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.postgresql.PGConnection;

/**
 * Not a test: {@code sink/benchmark.sh [RECORDS] [PARTITIONS]}. Sinks RECORDS (default 1,000,000) {@code events}
 * records from Kafka into staging with the packaged sink ({@code -Xmx256m}), and compares its rows/s with
 * PostgreSQL's own {@code COPY ... FROM STDIN} of the same rows (as COPY text, from a file) into the same table,
 * in the same run on the same machine. The reference runs before and after the sink; their mean is used.
 */
public final class SinkBenchmark {

    private static final String TOPIC = "bench.events";
    private static final String DATABASE = "bench";

    private SinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (DevStack stack = DevStack.start()) {
            DataSource database = stack.postgres().createDatabase(DATABASE);
            SchemaMigrator.migrate(database);
            try (Admin admin = Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    stack.kafkaBootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 1))).all().get();
            }
            Thread.sleep(1000);
            long started = System.nanoTime();
            try (Publisher publisher = new Publisher(stack.kafkaBootstrapServers(), TOPIC)) {
                publisher.events(0, records);
            }
            System.out.printf(Locale.ROOT, "published %,d records to %d partitions in %.1f s%n", records, partitions,
                    seconds(System.nanoTime() - started));

            Path copyFile = Files.createTempFile("bench-events", ".copy");
            try {
                writeCopyText(copyFile, records, partitions);
                System.out.printf(Locale.ROOT, "COPY text of the same rows: %,d bytes%n", Files.size(copyFile));
                double reference1 = referenceCopy(database, copyFile, records);
                SinkRun sink = runSink(stack, database, records);
                double reference2 = referenceCopy(database, copyFile, records);
                double reference = (reference1 + reference2) / 2;
                System.out.println();
                System.out.printf(Locale.ROOT, "PostgreSQL COPY FROM STDIN: %,.0f rows/s (runs: %,.0f and %,.0f)%n",
                        reference, reference1, reference2);
                System.out.printf(Locale.ROOT, "sink, steady state (first commit to last): %,.0f rows/s%n",
                        sink.steadyRowsPerSecond());
                System.out.printf(Locale.ROOT, "sink, end to end (JVM start, migrations check, group join "
                        + "included): %,.0f rows/s in %.1f s%n", sink.endToEndRowsPerSecond(), sink.endToEndSeconds());
                System.out.printf(Locale.ROOT, "ratio sink/COPY: %.2f steady state, %.2f end to end (target >= 0.6)%n",
                        sink.steadyRowsPerSecond() / reference, sink.endToEndRowsPerSecond() / reference);
            } finally {
                Files.deleteIfExists(copyFile);
            }
        }
    }

    /** The rows as the sink would write them (same columns, same coordinates layout), in COPY text. */
    private static void writeCopyText(Path file, int records, int partitions) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (long id = 0; id < records; id++) {
                out.write(EventRecords.copyLine(TOPIC, (int) (id % partitions), id / partitions, id));
            }
        }
    }

    private static double referenceCopy(DataSource database, Path copyFile, int records) throws Exception {
        prepare(database);
        try (Connection connection = database.getConnection(); InputStream in = Files.newInputStream(copyFile)) {
            long started = System.nanoTime();
            long rows = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY staging.events (" + EventRecords.COPY_COLUMNS + ") FROM STDIN", in, 1 << 16);
            double rate = rows / seconds(System.nanoTime() - started);
            if (rows != records) {
                throw new IllegalStateException("reference COPY wrote " + rows + " rows, expected " + records);
            }
            System.out.printf(Locale.ROOT, "reference COPY: %,d rows in %.2f s = %,.0f rows/s%n", rows,
                    rows / rate, rate);
            return rate;
        }
    }

    private static SinkRun runSink(DevStack stack, DataSource database, int records) throws Exception {
        prepare(database);
        List<String> args = List.of("--bootstrap-servers", stack.kafkaBootstrapServers(), "--group", "bench",
                "--entities", "events", "--topic", "events=" + TOPIC, "--pg-url", stack.postgres().jdbcUrl(DATABASE),
                "--pg-user", stack.postgres().user(), "--pg-password", stack.postgres().password(), "--http-port", "-1", "--skip-migrations");
        long started = System.nanoTime();
        long firstCommitAt = 0;
        long rowsAtFirstCommit = 0;
        try (ChildSink sink = ChildSink.start("benchmark", args)) {
            long deadline = started + Duration.ofMinutes(10).toNanos();
            while (System.nanoTime() < deadline) {
                long landed = count(database, "SELECT coalesce(sum(next_offset), 0) FROM staging.sink_offsets");
                long now = System.nanoTime();
                if (landed > 0 && firstCommitAt == 0) {
                    firstCommitAt = now;
                    rowsAtFirstCommit = landed;
                }
                if (landed >= records) {
                    SinkRun run = new SinkRun(records, seconds(now - started), records - rowsAtFirstCommit,
                            seconds(now - firstCommitAt));
                    System.out.printf(Locale.ROOT, "sink: %,d rows landed %.1f s after its start, %,d of them in the "
                            + "%.2f s after its first commit%n", records, run.endToEndSeconds(), run.steadyRows(),
                            run.steadySeconds());
                    sink.terminate(Duration.ofSeconds(30));
                    if (count(database, "SELECT count(*) FROM staging.events") != records) {
                        throw new IllegalStateException("staging.events does not hold exactly " + records + " rows");
                    }
                    return run;
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("the sink did not land " + records + " rows in 10 minutes; log:\n"
                    + sink.log());
        }
    }

    /** Empty table, statistics and dirty pages settled, so both runs start from the same state. */
    private static void prepare(DataSource database) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE staging.events, staging.sink_offsets, staging.rejected_records");
            statement.execute("CHECKPOINT");
        }
    }

    private static long count(DataSource database, String sql) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private record SinkRun(long rows, double endToEndSeconds, long steadyRows, double steadySeconds) {
        double endToEndRowsPerSecond() {
            return rows / endToEndSeconds;
        }

        double steadyRowsPerSecond() {
            return steadyRows / steadySeconds;
        }
    }
}
