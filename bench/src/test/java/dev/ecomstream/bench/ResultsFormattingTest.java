package dev.ecomstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFormattingTest {

    static BenchResults sample(BenchResults.LatencyFigures latency, List<BenchResults.ScalePoint> scaling) {
        double ratio = 30.0 / 20.0;
        double keyedRatio = 30.0 / 24.0;
        double scalingRatio = scaling.isEmpty() ? Double.NaN
                : scaling.get(scaling.size() - 1).pipelineRowsPerSecond() / scaling.get(0).pipelineRowsPerSecond();
        return new BenchResults("2025-01-01T00:00:00Z",
                new BenchResults.Machine("Test CPU", 2, 8, "Linux"),
                new BenchResults.Versions("17", "4.4.0", "17.6", "dev"),
                new BenchResults.Settings("embedded devstack", 1, 42, "generated", 3, "1024 MB",
                        "-Xmx256m, --batch-max-age-ms 500", "-Xmx256m, --batch-max-age-ms 100", 2000, 60, 5, 20),
                new BenchResults.Throughput(3_300_000, 12, 8, 20, 165_000),
                new BenchResults.Keyed(3_300_000, 24, 137_500),
                new BenchResults.PipelineFigures(3_300_000, 15, 25, 30, 110_000, 40, 30, Double.NaN, 25, 9.5, 0),
                ratio, keyedRatio, latency, scaling, scalingRatio,
                BenchRun.targets(ratio, keyedRatio, 3_300_000 / 8.0, latency, scalingRatio));
    }

    static BenchResults.LatencyFigures latency(double p99) {
        return new BenchResults.LatencyFigures(2000, 1999.5, 60, 120_000, 0, 250, 400, p99, 900, "poll");
    }

    static final List<BenchResults.ScalePoint> SCALING = List.of(
            new BenchResults.ScalePoint(0.25, 825_000, 170_000, 120_000, 6.9),
            new BenchResults.ScalePoint(0.5, 1_650_000, 168_000, 115_000, 14.3),
            new BenchResults.ScalePoint(1, 3_300_000, 165_000, 110_000, 30));

    @Test
    void tableHasEveryFigureAndTheTargetsVerdicts() {
        String table = ResultsTable.format(sample(latency(600), SCALING));

        assertThat(table).contains("| reference (COPY, scale 1)", "165,000", "| pipeline (scale 1)",
                "last row in core (end to end)", "30.0 s", "1.50 (target <= 2.00)", "p99", "600 ms",
                "scale 0.25 (825,000 rows)", "120,000 rows/s (reference 170,000)", "0.92 (target >= 0.80)",
                "Java 17, Kafka 4.4.0, PostgreSQL 17.6");
        assertThat(table).contains("| direct load (COPY into keyed tables, scale 1)", "1.25 (target <= 2.00)",
                "normaliser rows/s into core", "412,500");
        assertThat(table).containsPattern("pipeline time / reference time <= 2\\.00 +\\| 1\\.50 met")
                .containsPattern("pipeline time / direct keyed load time <= 2\\.00 +\\| 1\\.25 met")
                .containsPattern("normaliser rows/s into core \\(reference\\) >= 100,000 +\\| 412,500 met")
                .containsPattern("< 1000 ms +\\| 600 ms met");
        // not measured prints as such, never as a number
        assertThat(table).contains("CPU: PostgreSQL server").contains("| n/a");
    }

    @Test
    void tableLinesAreAlignedMarkdown() {
        List<String> lines = ResultsTable.format(sample(latency(600), SCALING)).lines().toList();

        assertThat(lines.get(1)).matches("\\|[- |]+\\|");
        assertThat(lines).allSatisfy(line -> assertThat(line).hasSize(lines.get(0).length()).startsWith("| "));
    }

    @Test
    void aMissedTargetIsShoutedAndAMissingStepIsNotMeasured() {
        String table = ResultsTable.format(sample(latency(1500), List.of()));

        assertThat(table).contains("1500 ms MISSED").contains("n/a not measured");
        assertThat(ResultsTable.format(sample(null, List.of()))).doesNotContain("latency (").containsPattern(
                "p99 latency at 2,000 events/s < 1000 ms +\\| n/a not measured");
    }

    @Test
    void jsonHasTheFiguresAndNullForNotMeasured() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ResultsJson.format(sample(latency(600), SCALING)));

        assertThat(json.at("/pipelineOverReference").asDouble()).isEqualTo(1.5);
        assertThat(json.at("/latency/p99Millis").asDouble()).isEqualTo(600.0);
        assertThat(json.at("/scaling/2/pipelineRowsPerSecond").asDouble()).isEqualTo(110_000.0);
        assertThat(json.at("/pipeline/postgresCpuSeconds").isNull()).isTrue();
        assertThat(json.at("/targets/0/met").asBoolean()).isTrue();
        assertThat(json.at("/versions/postgresql").asText()).isEqualTo("17.6");
    }

    static SinkPerEntityResults perEntity(String copySetting) {
        List<SinkPerEntityResults.EntityFigures> entities = List.of(
                new SinkPerEntityResults.EntityFigures("distribution_centers", 10, 1.9, 1.9, Double.NaN, 5.3, 0,
                        180, "on", 10, 0.01, 1_000, "on", Double.NaN),
                new SinkPerEntityResults.EntityFigures("events", 2_400_000, 2.0, 26.0, 100_000, 92_308, 0,
                        Double.NaN, "on", 2_400_000, 12, 200_000, copySetting, 0.5));
        return new SinkPerEntityResults("2025-01-01T00:00:00Z", new BenchResults.Machine("Test CPU", 2, 8, "Linux"),
                new BenchResults.Versions("17", "4.4.0", "15.8, synchronous_commit on", "dev"), "external",
                "generated, scale 1, seed 42", 3, "-Xmx256m, --batch-max-age-ms 500, --normalise-interval-ms 0",
                SinkPerEntityResults.commonSynchronousCommit(entities), entities);
    }

    @Test
    void perEntityTableHasARowPerEntityAndSaysWhichSynchronousCommitTheFiguresUsed() {
        String table = ResultsTable.format(perEntity("on"));

        assertThat(table).contains("synchronous_commit (SHOW in each step's database): on, for every figure")
                .containsPattern("\\| events +\\| 2,400,000 +\\| 100,000 +\\| 92,308 +\\| 2\\.0 s +\\| 200,000 +"
                        + "\\| 0\\.50 +\\| n/a +\\|")
                .containsPattern("\\| distribution_centers +\\| 10 +\\| n/a +\\| 5 +\\| 1\\.9 s +\\| 1,000 +"
                        + "\\| n/a +\\| 180 MB +\\|")
                .contains("--normalise-interval-ms 0", "PostgreSQL 15.8, synchronous_commit on")
                .doesNotContain("synchronous_commit sink / COPY");
        List<String> lines = table.lines().filter(line -> line.startsWith("|")).toList();
        assertThat(lines).hasSize(4)
                .allSatisfy(line -> assertThat(line).hasSize(lines.get(0).length()));
    }

    @Test
    void perEntityTableShowsEachEntitysSettingWhenTheyDiffer() {
        String table = ResultsTable.format(perEntity("off"));

        assertThat(table).contains("synchronous_commit (SHOW in each step's database): mixed, see the last column")
                .contains("synchronous_commit sink / COPY").containsPattern("\\| on / off +\\|");
    }

    @Test
    void perEntityJsonHasTheFiguresAndNullForNotMeasured() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ResultsJson.format(perEntity("on")));

        assertThat(json.at("/synchronousCommit").asText()).isEqualTo("on");
        assertThat(json.at("/entities/1/sinkOverCopy").asDouble()).isEqualTo(0.5);
        assertThat(json.at("/entities/0/sinkRowsPerSecondAfterFirstRow").isNull()).isTrue();
        assertThat(json.at("/entities/1/sinkPeakRssMegabytes").isNull()).isTrue();
    }

    @Test
    void chartIsAPng(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("results.png");

        ResultsChart.write(sample(latency(600), SCALING), png);

        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    }
}
