package dev.ecomstream.bench;

import java.util.List;

/**
 * Every figure of one run, with what it ran on: the one model the table, the JSON file and the chart are
 * made from. Times are seconds, rates rows (or events) per second; NaN stands for "not measured" (written as
 * null in JSON, "n/a" in the table).
 */
record BenchResults(String date, Machine machine, Versions versions, Settings settings, Throughput reference,
                    Keyed keyed, PipelineFigures pipeline, double pipelineOverReference, double pipelineOverKeyed,
                    LatencyFigures latency, List<ScalePoint> scaling, double scalingRatio, List<Target> targets) {

    record Machine(String cpu, int cores, double memoryGb, String os) {
    }

    record Versions(String java, String kafka, String postgresql, String ecomstream) {
    }

    /**
     * @param environment   embedded devstack or external
     * @param benchHeap     max heap of the bench JVM (producers; the embedded broker on the devstack)
     * @param sinkThroughput the sink's settings for the throughput and scaling steps
     * @param sinkLatency    the sink's settings for the latency step
     */
    record Settings(String environment, double scale, long seed, String data, int partitions, String benchHeap,
                    String sinkThroughput, String sinkLatency, double latencyRate, double latencySeconds,
                    double latencyWarmupSeconds, long latencyPollMillis) {
    }

    /** The COPY reference at one scale. */
    record Throughput(long rows, double copySeconds, double normaliseSeconds, double seconds,
                      double rowsPerSecond) {
    }

    /** The direct load at the main scale: the CSV files COPYed into typed tables with primary and foreign keys. */
    record Keyed(long rows, double seconds, double rowsPerSecond) {
    }

    /**
     * The pipeline at the main scale, with where its time went.
     *
     * @param benchJvmCpuSeconds CPU of the bench JVM: the producers (and the embedded broker on the devstack)
     */
    record PipelineFigures(long rows, double producersDoneSeconds, double stagedSeconds, double seconds,
                           double rowsPerSecond, double benchJvmCpuSeconds, double sinkCpuSeconds,
                           double postgresCpuSeconds, int normaliserRuns, double normaliserSeconds,
                           long rejectedBySink) {
    }

    record LatencyFigures(double targetRate, double achievedRate, double seconds, int measured, int notSeen,
                          double p50Millis, double p95Millis, double p99Millis, double maxMillis, String method) {
    }

    record ScalePoint(double scale, long rows, double referenceRowsPerSecond, double pipelineRowsPerSecond,
                      double pipelineSeconds) {
    }

    /** A target of the issue and whether this run met it; {@code met} is null when it was not measured. */
    record Target(String name, String goal, String value, Boolean met) {
    }
}
