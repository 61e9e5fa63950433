package dev.ecomstream.bench;

import dev.ecomstream.schema.Entity;
import dev.ecomstream.schema.SchemaMigrator;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline end to end on the same files as the reference: the seven producers publish concurrently (one
 * producer per entity, as deployed), the sink runs as its own JVM and normalises as rows land, and the clock
 * stops when the last row is in core, that is when every core table holds as many rows as the reference left
 * there. Along the way it notes when the producers were done and when the sink had taken every record, and
 * how much CPU each part used, so a slow run says where its time went.
 */
final class PipelineRun {

    private static final Logger log = LoggerFactory.getLogger(PipelineRun.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final long STAGING_POLL_MILLIS = 100;
    /* Counting core (millions of rows at scale 1) costs PostgreSQL CPU, so it is polled less often and only
       once the sink has taken every record. */
    private static final long CORE_POLL_MILLIS = 250;
    private static final long PROGRESS_LOG_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final BenchEnvironment environment;
    private final BenchKafka kafka;
    private final SinkOptions sinkOptions;
    private final Path workDir;
    private final Duration timeout;

    PipelineRun(BenchEnvironment environment, BenchKafka kafka, SinkOptions sinkOptions, Path workDir,
                Duration timeout) {
        this.environment = environment;
        this.kafka = kafka;
        this.sinkOptions = sinkOptions;
        this.workDir = workDir;
        this.timeout = timeout;
    }

    /**
     * What one pipeline run measured; times are seconds from the first row sent.
     *
     * @param producersDoneSeconds every producer had its last record acknowledged
     * @param stagedSeconds        the sink had committed every record (landed or rejected)
     * @param coreSeconds          every row was in core: the end-to-end time
     * @param benchJvmCpuSeconds   CPU of the bench JVM: the producers, and the embedded broker on the devstack
     */
    record Result(long rows, double producersDoneSeconds, double stagedSeconds, double coreSeconds,
                  double benchJvmCpuSeconds, double sinkCpuSeconds, double postgresCpuSeconds,
                  int normaliserRuns, double normaliserSeconds, long rejectedBySink, Map<Entity, Long> coreRows) {

        double rowsPerSecond() {
            return rows / coreSeconds;
        }
    }

    Result run(String step, Path dataDir, Map<Entity, Long> expectedCoreRows)
            throws IOException, SQLException, InterruptedException, ExecutionException {
        BenchDatabase database = environment.createDatabase(step);
        // Migrated here, untimed, so the sink's own migration at start is a no-op.
        SchemaMigrator.migrate(database.dataSource());
        Map<Entity, String> topics = kafka.createTopics("bench." + step + ".");
        String group = "bench-" + step;
        TableCounts counts = new TableCounts(database.dataSource());
        try (SinkProcess sink = SinkProcess.start(sinkOptions.jar(), sinkOptions.heap(),
                sinkOptions.arguments(kafka, group, topics, database), database.password(),
                workDir.resolve("sink-" + step + ".log"))) {
            kafka.awaitAssignment(group, topics.size() * kafka.partitions(), READY_TIMEOUT, sink);
            long postmaster = environment.postgresIsLocal() ? postmasterPid(database) : -1;
            double benchCpuBefore = CpuTimes.thisJvm();
            double sinkCpuBefore = CpuTimes.process(sink.handle());
            double postgresCpuBefore = CpuTimes.postgresServer(postmaster);

            long started = System.nanoTime();
            long deadline = started + timeout.toNanos();
            Map<Entity, Long> published = kafka.publish(dataDir, topics, workDir.resolve("rejects-" + step), timeout,
                    step);
            double producersDone = seconds(started);
            long rows = published.values().stream().mapToLong(Long::longValue).sum();
            log.info("{}: producers published {} rows in {} s", step, rows, format(producersDone));

            awaitStaged(counts, topics, published, sink, deadline);
            double staged = seconds(started);
            log.info("{}: the sink had taken every record after {} s", step, format(staged));

            Map<Entity, Long> coreRows = awaitCore(counts, expectedCoreRows, sink, deadline, step);
            double inCore = seconds(started);
            log.info("{}: every row in core after {} s ({} rows/s)", step, format(inCore),
                    String.format("%.0f", rows / inCore));

            double benchCpu = CpuTimes.thisJvm() - benchCpuBefore;
            double sinkCpu = CpuTimes.process(sink.handle()) - sinkCpuBefore;
            double postgresCpu = CpuTimes.postgresServer(postmaster) - postgresCpuBefore;
            SinkProcess.NormaliserTime normaliser = sink.normaliserTime();
            return new Result(rows, producersDone, staged, inCore, benchCpu, sinkCpu, postgresCpu,
                    normaliser.runs(), normaliser.seconds(), counts.rejectedBySink(), coreRows);
        }
    }

    private void awaitStaged(TableCounts counts, Map<Entity, String> topics, Map<Entity, Long> published,
                             SinkProcess sink, long deadline) throws SQLException, InterruptedException {
        for (Entity entity : Entity.values()) {
            while (counts.takenBySink(topics.get(entity)) < published.get(entity)) {
                sink.requireAlive();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The sink had not taken every " + entity.entityName()
                            + " record within " + timeout.toSeconds() + " s; see " + sink.logFile());
                }
                Thread.sleep(STAGING_POLL_MILLIS);
            }
        }
    }

    private Map<Entity, Long> awaitCore(TableCounts counts, Map<Entity, Long> expected, SinkProcess sink,
                                        long deadline, String step) throws SQLException, InterruptedException {
        long nextLog = System.nanoTime() + PROGRESS_LOG_NANOS;
        while (true) {
            Map<Entity, Long> core = counts.core();
            if (core.equals(expected)) {
                return core;
            }
            sink.requireAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(step + ": core did not reach the reference's rows within "
                        + timeout.toSeconds() + " s: core " + core + ", reference " + expected
                        + "; see core.pending and " + sink.logFile());
            }
            if (System.nanoTime() > nextLog) {
                log.info("{}: waiting for core: {} of {}", step, core, expected);
                nextLog = System.nanoTime() + PROGRESS_LOG_NANOS;
            }
            Thread.sleep(CORE_POLL_MILLIS);
        }
    }

    /** The server's pid, found through a backend's parent while that backend's connection is open. */
    static long postmasterPid(BenchDatabase database) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
            row.next();
            return CpuTimes.postmasterOf(row.getInt(1));
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static String format(double seconds) {
        return String.format("%.1f", seconds);
    }
}
