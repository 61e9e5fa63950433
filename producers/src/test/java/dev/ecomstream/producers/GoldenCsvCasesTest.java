package dev.ecomstream.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecomstream.schema.Entity;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files for reading and conversion: each {@code csv/<entity>.<case>.csv} sits next to
 * {@code <entity>.<case>.expected.json}, an array with, per row in file order, either
 * {@code {"line", "key", "value"}} (the exact JSON published) or {@code {"line", "rejected"}} (the report line).
 * Values are compared as the bytes Kafka gets, so a lost digit or a reordered field fails the case.
 *
 * <p>A new case is a pair of files. Run with {@code -Dgolden.print=true} to print what the code produces for
 * a case, then check it by eye before saving it as the expectation.
 */
class GoldenCsvCasesTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            // keeps "-0.50" as written instead of normalising it to -0.5, so scale changes are caught too
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    @TestFactory
    Stream<DynamicTest> goldenCases() throws IOException, URISyntaxException {
        Path directory = Path.of(GoldenCsvCasesTest.class.getResource("/csv").toURI());
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> cases = files.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList();
            assertThat(cases).isNotEmpty();
            return cases.stream().map(csv -> dynamicTest(csv.getFileName().toString(), () -> check(csv)));
        }
    }

    private static void check(Path csv) throws IOException {
        String name = csv.getFileName().toString();
        Entity entity = Entity.byName(name.substring(0, name.indexOf('.'))).orElseThrow(
                () -> new AssertionError(name + ": a case file is named <entity>.<case>.csv"));
        ArrayNode actual = convert(entity, csv, Path.of(name));
        if (Boolean.getBoolean("golden.print")) {
            System.out.println(name + ":\n" + JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual));
        }
        Path expectedFile = csv.resolveSibling(name.replaceFirst("\\.csv$", ".expected.json"));
        JsonNode expected = JSON.readTree(Files.readString(expectedFile, StandardCharsets.UTF_8));
        // Re-written with the same settings, the expected file's values are the bytes the producer must send.
        assertThat(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual))
                .isEqualTo(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(expected));
    }

    private static ArrayNode convert(Entity entity, Path csv, Path shownAs) throws IOException {
        ArrayNode rows = JSON.createArrayNode();
        try (CsvRowReader reader = CsvRowReader.open(entity, csv)) {
            RowConverter converter = new RowConverter(entity, reader.header(), shownAs);
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
