package dev.ecomstream.sink.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What the sink knows about its own state, written by the poll loop and the database probe, read by the
 * {@code /health} endpoint and the summary log line. Every field is a single volatile value: readers may
 * see a mix of two moments, which is fine for a health report and needs no lock on the hot path.
 */
public final class SinkHealth {

    private final Clock clock;
    private volatile boolean started;
    private volatile boolean stopping;
    private volatile int assignedPartitions;
    private volatile boolean kafkaReachable;
    private volatile boolean databaseReachable;
    private volatile String databaseProblem = "not checked yet";
    private volatile boolean consumptionPaused;
    private volatile Instant lastCommit;
    private volatile int stoppedPartitions;

    public SinkHealth(Clock clock) {
        this.clock = clock;
    }

    /** Ready to do its job: consuming (partitions assigned, Kafka reachable) and able to land rows. */
    public boolean isReady() {
        return started && !stopping && assignedPartitions > 0 && kafkaReachable && databaseReachable
                && stoppedPartitions == 0;
    }

    public void started() {
        started = true;
    }

    /** The staging tables are ready (migrated or checked) and consumption has begun. */
    public boolean hasStarted() {
        return started;
    }

    public void stopping() {
        stopping = true;
    }

    public void assignedPartitions(int count) {
        assignedPartitions = count;
    }

    public void kafkaReachable(boolean reachable) {
        kafkaReachable = reachable;
    }

    public void databaseAnswered() {
        databaseReachable = true;
        databaseProblem = null;
    }

    /** @param problem what went wrong, for operators; never contains a password (PgJDBC does not echo it) */
    public void databaseUnreachable(String problem) {
        databaseReachable = false;
        databaseProblem = problem;
    }

    public void consumptionPaused(boolean paused) {
        consumptionPaused = paused;
    }

    /** Partitions stopped because their stored offset is outside the log, waiting for an operator. */
    public void stoppedPartitions(int count) {
        stoppedPartitions = count;
    }

    public int stoppedPartitions() {
        return stoppedPartitions;
    }

    public void committed() {
        lastCommit = clock.instant();
    }

    public boolean kafkaReachable() {
        return kafkaReachable;
    }

    public boolean databaseReachable() {
        return databaseReachable;
    }

    public boolean consumptionPaused() {
        return consumptionPaused;
    }

    public int assignedPartitions() {
        return assignedPartitions;
    }

    /** Seconds since the last batch committed, or since start when none has yet. */
    public double secondsSinceLastCommit(Instant startedAt) {
        Instant since = lastCommit != null ? lastCommit : startedAt;
        return Duration.between(since, clock.instant()).toMillis() / 1000.0;
    }

    /** The report served by {@code /health}, as a small JSON object. */
    public String toJson(Instant startedAt) {
        String database = databaseReachable ? "reachable" : "unreachable";
        StringBuilder json = new StringBuilder(256)
                .append("{\"status\":\"").append(isReady() ? "ready" : "not ready").append('"')
                .append(",\"kafka\":\"").append(kafkaReachable ? "reachable" : "unreachable").append('"')
                .append(",\"database\":\"").append(database).append('"');
        String problem = databaseProblem;
        if (!databaseReachable && problem != null) {
            json.append(",\"databaseProblem\":\"").append(escape(problem)).append('"');
        }
        json.append(",\"assignedPartitions\":").append(assignedPartitions);
        if (stoppedPartitions > 0) {
            json.append(",\"stoppedPartitions\":").append(stoppedPartitions);
        }
        return json
                .append(",\"consumption\":\"").append(stopping ? "stopping" : consumptionPaused ? "paused" : "running")
                .append('"')
                .append(",\"secondsSinceLastCommit\":").append(String.format(java.util.Locale.ROOT, "%.1f",
                        secondsSinceLastCommit(startedAt)))
                .append('}').toString();
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        out.append(' ');
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.toString();
    }
}
