package dev.ecomstream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run as one table, in Markdown so the same text reads well in a terminal and pastes into the README.
 * Three columns: the step, the figure, its value (with the target where the issue sets one). A
 * {@code --sink-per-entity} run has a table of its own, one row per entity.
 */
final class ResultsTable {

    private ResultsTable() {
    }

    static String format(BenchResults results) {
        List<String[]> rows = new ArrayList<>();
        BenchResults.Settings settings = results.settings();
        String scale = number(settings.scale(), 2);

        BenchResults.Throughput reference = results.reference();
        String referenceStep = "reference (COPY, scale " + scale + ")";
        rows.add(row(referenceStep, "rows", count(reference.rows())));
        rows.add(row(referenceStep, "COPY into staging", seconds(reference.copySeconds())));
        rows.add(row(referenceStep, "normaliser until caught up", seconds(reference.normaliseSeconds())));
        rows.add(row(referenceStep, "total", seconds(reference.seconds())));
        rows.add(row(referenceStep, "rows/s", rate(reference.rowsPerSecond())));
        rows.add(row(referenceStep, "normaliser rows/s into core",
                rate(reference.rows() / reference.normaliseSeconds())));

        BenchResults.Keyed keyed = results.keyed();
        String keyedStep = "direct load (COPY into keyed tables, scale " + scale + ")";
        rows.add(row(keyedStep, "rows", count(keyed.rows())));
        rows.add(row(keyedStep, "total", seconds(keyed.seconds())));
        rows.add(row(keyedStep, "rows/s", rate(keyed.rowsPerSecond())));

        BenchResults.PipelineFigures pipeline = results.pipeline();
        String pipelineStep = "pipeline (scale " + scale + ")";
        rows.add(row(pipelineStep, "rows", count(pipeline.rows())));
        rows.add(row(pipelineStep, "producers done", seconds(pipeline.producersDoneSeconds())));
        rows.add(row(pipelineStep, "sink had every record", seconds(pipeline.stagedSeconds())));
        rows.add(row(pipelineStep, "last row in core (end to end)", seconds(pipeline.seconds())));
        rows.add(row(pipelineStep, "rows/s", rate(pipeline.rowsPerSecond())));
        rows.add(row(pipelineStep, "time pipeline / reference", ratio(results.pipelineOverReference())
                + " (target <= 2.00)"));
        rows.add(row(pipelineStep, "time pipeline / direct keyed load", ratio(results.pipelineOverKeyed())
                + " (target <= 2.00)"));
        rows.add(row(pipelineStep, "CPU: bench JVM (producers, embedded broker)",
                seconds(pipeline.benchJvmCpuSeconds())));
        rows.add(row(pipelineStep, "CPU: sink JVM", seconds(pipeline.sinkCpuSeconds())));
        rows.add(row(pipelineStep, "CPU: PostgreSQL server", seconds(pipeline.postgresCpuSeconds())));
        rows.add(row(pipelineStep, "normaliser runs (wall time, in the sink)",
                pipeline.normaliserRuns() + " (" + seconds(pipeline.normaliserSeconds()) + ")"));
        rows.add(row(pipelineStep, "records rejected by the sink", count(pipeline.rejectedBySink())));

        BenchResults.LatencyFigures latency = results.latency();
        if (latency != null) {
            String latencyStep = String.format(Locale.ROOT, "latency (%s events/s, %s s)",
                    count((long) latency.targetRate()), number(latency.seconds(), 0));
            rows.add(row(latencyStep, "events measured (rate achieved)", count(latency.measured()) + " ("
                    + rate(latency.achievedRate()) + "/s)"));
            rows.add(row(latencyStep, "p50", millis(latency.p50Millis())));
            rows.add(row(latencyStep, "p95", millis(latency.p95Millis())));
            rows.add(row(latencyStep, "p99", millis(latency.p99Millis()) + " (target < 1000 ms)"));
            rows.add(row(latencyStep, "max", millis(latency.maxMillis())));
            rows.add(row(latencyStep, "not in core after 60 s", count(latency.notSeen())));
        }

        for (BenchResults.ScalePoint point : results.scaling()) {
            rows.add(row("scaling", "scale " + number(point.scale(), 3) + " (" + count(point.rows()) + " rows)",
                    rate(point.pipelineRowsPerSecond()) + " rows/s (reference " + rate(point.referenceRowsPerSecond())
                            + ")"));
        }
        if (!results.scaling().isEmpty()) {
            rows.add(row("scaling", "rows/s largest / smallest scale", ratio(results.scalingRatio())
                    + " (target >= 0.80)"));
        }

        for (BenchResults.Target target : results.targets()) {
            rows.add(row("targets", target.name() + " " + target.goal(), target.value() + " "
                    + (target.met() == null ? "not measured" : target.met() ? "met" : "MISSED")));
        }

        rows.add(row("run", "date", results.date()));
        rows.add(row("run", "machine", machine(results.machine())));
        rows.add(row("run", "versions", versions(results.versions())));
        rows.add(row("run", "stack", settings.environment()));
        rows.add(row("run", "data", settings.data() + ", " + settings.partitions() + " partitions per topic"));
        rows.add(row("run", "heaps", "bench JVM " + settings.benchHeap() + "; sink -Xmx in its settings"));
        rows.add(row("run", "sink (throughput)", settings.sinkThroughput()));
        rows.add(row("run", "sink (latency)", settings.sinkLatency()));
        return markdown(List.of("step", "figure", "value"), rows);
    }

    /**
     * A {@code --sink-per-entity} run: a line with the {@code synchronous_commit} the figures used, one row
     * per entity, then what the run ran on.
     */
    static String format(SinkPerEntityResults results) {
        boolean mixed = results.synchronousCommit().equals(SinkPerEntityResults.MIXED);
        List<String> header = new ArrayList<>(List.of("entity", "rows", "sink rows/s after first row",
                "sink rows/s whole process", "first row at", "keyed COPY rows/s", "sink / COPY", "sink peak RSS"));
        if (mixed) {
            header.add("synchronous_commit sink / COPY");
        }
        List<String[]> rows = new ArrayList<>();
        for (SinkPerEntityResults.EntityFigures entity : results.entities()) {
            List<String> row = new ArrayList<>(List.of(entity.entity(), count(entity.rows()),
                    rate(entity.sinkRowsPerSecondAfterFirstRow()), rate(entity.sinkWholeProcessRowsPerSecond()),
                    seconds(entity.sinkFirstRowSeconds()), rate(entity.copyRowsPerSecond()),
                    ratio(entity.sinkOverCopy()), megabytes(entity.sinkPeakRssMegabytes())));
            if (mixed) {
                row.add(entity.sinkSynchronousCommit() + " / " + entity.copySynchronousCommit());
            }
            rows.add(row.toArray(String[]::new));
        }
        return "Sink alone per entity (normaliser off) against COPY of the same rows into a logged table with "
                + "typed columns and a primary key\n"
                + "synchronous_commit (SHOW in each step's database): "
                + (mixed ? "mixed, see the last column" : results.synchronousCommit() + ", for every figure")
                + "\n\n" + markdown(header, rows) + "\n"
                + "Rates after the first row are all rows over the time from the first landed row to the last; "
                + "whole process and first row count from the sink's process start (JVM, group join included); "
                + "n/a: the first poll already saw every row.\n\n"
                + "- date: " + results.date() + "\n"
                + "- machine: " + machine(results.machine()) + "\n"
                + "- versions: " + versions(results.versions()) + "\n"
                + "- stack: " + results.environment() + "\n"
                + "- data: " + results.data() + ", " + results.partitions() + " partitions per topic\n"
                + "- sink: " + results.sink() + "\n";
    }

    private static String machine(BenchResults.Machine machine) {
        return machine.cpu() + ", " + machine.cores() + " cores, " + number(machine.memoryGb(), 0) + " GB, "
                + machine.os();
    }

    private static String versions(BenchResults.Versions versions) {
        return "Java " + versions.java() + ", Kafka " + versions.kafka() + ", PostgreSQL " + versions.postgresql();
    }

    static String markdown(List<String> header, List<String[]> rows) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        line(text, header.toArray(String[]::new), widths);
        String[] rule = new String[widths.length];
        for (int i = 0; i < widths.length; i++) {
            rule[i] = "-".repeat(widths[i]);
        }
        line(text, rule, widths);
        for (String[] row : rows) {
            line(text, row, widths);
        }
        return text.toString();
    }

    private static void line(StringBuilder text, String[] cells, int[] widths) {
        text.append('|');
        for (int i = 0; i < widths.length; i++) {
            text.append(' ').append(cells[i]).append(" ".repeat(widths[i] - cells[i].length())).append(" |");
        }
        text.append('\n');
    }

    private static String[] row(String step, String figure, String value) {
        return new String[] {step, figure, value.replace("|", "/")};
    }

    static String seconds(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f s", value);
    }

    static String millis(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.0f ms", value);
    }

    static String rate(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "n/a" : String.format(Locale.ROOT, "%,.0f", value);
    }

    static String megabytes(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.0f MB", value);
    }

    static String ratio(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
    }

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    static String number(double value, int decimals) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        String text = String.format(Locale.ROOT, "%." + decimals + "f", value);
        // 0.250 -> 0.25, 1.000 -> 1: scales read better without trailing zeros
        return decimals > 0 && text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }
}
