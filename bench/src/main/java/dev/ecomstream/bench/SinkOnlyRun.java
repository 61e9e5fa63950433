package dev.ecomstream.bench;

import dev.ecomstream.schema.Entity;
import dev.ecomstream.schema.SchemaMigrator;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packaged sink alone on one entity: its topic already holds every row, the database is migrated
 * beforehand (untimed), the normaliser is off, and the clock runs from the sink process's start to the moment
 * its committed offsets cover the whole topic. That gives the three figures issue 16 asks for: the time to
 * the first landed row, the rate after it (the sink's steady speed, comparable with COPY), and the rate of
 * the whole process (JVM start, group join and all).
 *
 * @param sinkOptions how the sink is started, as given: the caller turns the normaliser off
 * @param workDir     where the sink's log goes
 * @param timeout     how long the sink may take for the whole topic
 */
record SinkOnlyRun(BenchEnvironment environment, BenchKafka kafka, SinkOptions sinkOptions, Path workDir,
                   Duration timeout) {

    private static final Logger log = LoggerFactory.getLogger(SinkOnlyRun.class);
    /* The poll is one indexed query on a kept connection, cheap enough to be frequent: the first row's time
       is only as precise as this. */
    private static final long POLL_MILLIS = 20;

    /**
     * What the sink did on one entity; times are seconds from the start of its process.
     *
     * @param firstRowSeconds   its first batch was committed (seen by a poll)
     * @param lastRowSeconds    every record of the topic was committed, landed or rejected
     * @param peakRssBytes      the sink JVM's peak resident set (VmHWM), or empty when unreadable
     * @param synchronousCommit {@code SHOW synchronous_commit} in the sink's database
     */
    record Result(long rows, double firstRowSeconds, double lastRowSeconds, long rejected,
                  OptionalLong peakRssBytes, String synchronousCommit) {

        /**
         * All rows over the time from the first row to the last, as the shared harness's stopwatch computes it;
         * NaN when the first poll already saw every row (nothing left to measure a rate over).
         */
        double rowsPerSecondAfterFirstRow() {
            return lastRowSeconds > firstRowSeconds ? rows / (lastRowSeconds - firstRowSeconds) : Double.NaN;
        }

        double wholeProcessRowsPerSecond() {
            return rows / lastRowSeconds;
        }
    }

    /** Runs the sink on {@code topic}, which holds {@code rows} records of {@code entity}, into a new database. */
    Result run(String step, Entity entity, String topic, long rows)
            throws IOException, SQLException, InterruptedException {
        BenchDatabase database = environment.createDatabase(step);
        // Migrated here, untimed: the sink's own migration at start finds nothing to do, as in production.
        SchemaMigrator.migrate(database.dataSource());
        String synchronousCommit = RunInfo.synchronousCommit(database.dataSource());
        long started = System.nanoTime();
        try (Connection poll = database.dataSource().getConnection();
             SinkProcess sink = SinkProcess.start(sinkOptions.jar(), sinkOptions.heap(),
                     sinkOptions.arguments(kafka, "bench-" + step, Map.of(entity, topic), database),
                     database.password(), workDir.resolve("sink-" + step + ".log"))) {
            long deadline = started + timeout.toNanos();
            double firstRow = Double.NaN;
            long taken;
            while ((taken = TableCounts.takenBySink(poll, topic)) < rows) {
                if (taken > 0 && Double.isNaN(firstRow)) {
                    firstRow = seconds(started);
                }
                sink.requireAlive();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(step + ": the sink had taken " + taken + " of " + rows
                            + " records after " + timeout.toSeconds() + " s; see " + sink.logFile());
                }
                Thread.sleep(POLL_MILLIS);
            }
            double lastRow = seconds(started);
            OptionalLong peakRss = sink.peakRssBytes();
            long rejected = new TableCounts(database.dataSource()).rejectedBySink();
            Result result = new Result(rows, Double.isNaN(firstRow) ? lastRow : firstRow, lastRow, rejected,
                    peakRss, synchronousCommit);
            log.info("{}: {} rows of {}: first row at {} s, last at {} s ({} rows/s after the first row)", step,
                    rows, entity.entityName(), String.format("%.2f", result.firstRowSeconds()),
                    String.format("%.2f", lastRow), ResultsTable.rate(result.rowsPerSecondAfterFirstRow()));
            return result;
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
