package dev.ecomstream.producers.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecomstream.producers.csv.CsvRow;
import dev.ecomstream.producers.csv.CsvRowReader;
import dev.ecomstream.producers.publish.EntityPublisher;
import dev.ecomstream.producers.publish.KafkaClientProperties;
import dev.ecomstream.producers.publish.PublishOptions;
import dev.ecomstream.producers.publish.PublishReport;
import dev.ecomstream.producers.publish.RejectsFileWriter;
import dev.ecomstream.schema.Entity;
import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files for reading and conversion: each {@code csv/<entity>.<case>.csv} sits next to
 * <ul>
 *   <li>{@code <entity>.<case>.expected.json}, an array with, per row in file order, either
 *       {@code {"line", "key", "value"}} (the exact JSON published) or {@code {"line", "rejected"}} (the report
 *       line). Values are compared as the bytes Kafka gets, so a lost digit or a reordered field fails the case;
 *   <li>{@code <entity>.<case>.expected.summary.txt}, the summary line of a {@code --dry-run} of the file
 *       (without its timing), so the counts must reconcile as the user reads them;
 *   <li>{@code <entity>.<case>.expected.rejects.csv}, the exact rejects file of that run; without it, the run
 *       must write none;
 *   <li>optionally {@code <entity>.<case>.kafka.properties}, producer properties as {@code --kafka-property}
 *       would give them (for a small {@code max.request.size}).
 * </ul>
 *
 * <p>Run with {@code -Dgolden.print=true} to print what the code produces for a case, then check it by eye
 * before saving it as the expectation.
 */
class GoldenCsvCasesTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            // keeps "-0.50" as written instead of normalising it to -0.5, so scale changes are caught too
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    @TestFactory
    Stream<DynamicTest> goldenCases() throws IOException, URISyntaxException {
        Path directory = Path.of(GoldenCsvCasesTest.class.getResource("/csv").toURI());
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> cases = files.filter(f -> f.getFileName().toString().endsWith(".csv")
                    && !f.getFileName().toString().endsWith(".expected.rejects.csv")).sorted().toList();
            assertThat(cases).isNotEmpty();
            return cases.stream().map(csv -> dynamicTest(csv.getFileName().toString(), () -> check(csv)));
        }
    }

    private static void check(Path csv) throws IOException {
        String name = csv.getFileName().toString();
        Entity entity = Entity.byName(name.substring(0, name.indexOf('.'))).orElseThrow(
                () -> new AssertionError(name + ": a case file is named <entity>.<case>.csv"));
        int maxRecordBytes = maxRecordBytes(sibling(csv, ".kafka.properties"));
        ArrayNode actual = convert(entity, csv, Path.of(name), maxRecordBytes);
        DryRun dryRun = dryRun(entity, csv, maxRecordBytes);
        if (Boolean.getBoolean("golden.print")) {
            System.out.println(name + ":\n" + JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual)
                    + "\n" + dryRun.summary + "\n" + dryRun.rejects);
        }
        JsonNode expected = JSON.readTree(Files.readString(sibling(csv, ".expected.json"), StandardCharsets.UTF_8));
        // Re-written with the same settings, the expected file's values are the bytes the producer must send.
        assertThat(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual))
                .isEqualTo(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(expected));
        assertThat(dryRun.summary).as("summary")
                .isEqualTo(Files.readString(sibling(csv, ".expected.summary.txt"), StandardCharsets.UTF_8).strip());
        Path expectedRejects = sibling(csv, ".expected.rejects.csv");
        assertThat(dryRun.rejects).as("rejects file")
                .isEqualTo(Files.exists(expectedRejects)
                        ? Files.readString(expectedRejects, StandardCharsets.UTF_8) : null);
    }

    private static Path sibling(Path csv, String suffix) {
        return csv.resolveSibling(csv.getFileName().toString().replaceFirst("\\.csv$", suffix));
    }

    private static int maxRecordBytes(Path kafkaProperties) throws IOException {
        Properties properties = KafkaClientProperties.forProducer("localhost:9092", Map.of());
        if (Files.exists(kafkaProperties)) {
            try (Reader reader = Files.newBufferedReader(kafkaProperties, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
        }
        return KafkaClientProperties.maxRecordBytes(properties);
    }

    /** The summary (paths relative, timing cut) and the rejects file's text (null when none) of a dry run. */
    private record DryRun(String summary, String rejects) {
    }

    private static DryRun dryRun(Entity entity, Path csv, int maxRecordBytes) throws IOException {
        Path rejectsDir = Files.createTempDirectory("golden-rejects");
        try {
            PublishReport report = EntityPublisher.dryRun().publish(entity, csv,
                    new PublishOptions(entity.topic(), 0, rejectsDir, false).withMaxRecordBytes(maxRecordBytes));
            String summary = report.summary().replace(csv.getParent() + "/", "").replace(rejectsDir + "/", "")
                    .replaceFirst(" in [\\d.]+ s \\(\\d+ rows/s\\)$", "");
            Path rejects = RejectsFileWriter.rejectsFileFor(csv, rejectsDir);
            String rejectsText = Files.exists(rejects) ? Files.readString(rejects, StandardCharsets.UTF_8) : null;
            Files.deleteIfExists(rejects);
            return new DryRun(summary, rejectsText);
        } finally {
            Files.delete(rejectsDir);
        }
    }

    private static ArrayNode convert(Entity entity, Path csv, Path shownAs, int maxRecordBytes) throws IOException {
        ArrayNode rows = JSON.createArrayNode();
        try (CsvRowReader reader = CsvRowReader.open(entity, csv)) {
            RowConverter converter = new RowConverter(entity, reader.header(), shownAs, maxRecordBytes);
            for (CsvRow row : reader) {
                ObjectNode entry = rows.addObject().put("line", row.lineNumber());
                RowConversion conversion = converter.convert(row);
                if (conversion instanceof PublishableRow publishable) {
                    entry.put("key", publishable.key());
                    entry.set("value", JSON.readTree(publishable.json()));
                } else {
                    entry.put("rejected", ((RowRejection) conversion).describe());
                }
            }
        }
        return rows;
    }
}
