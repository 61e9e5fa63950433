package dev.ecomstream.producers.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.generator.GenerateCommand;
import dev.ecomstream.schema.Entity;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The generator plants bad rows of every kind and lists them in a manifest; the producers must reject each
 * one, on the line the manifest names, for the reason it gives, and nothing else.
 */
class PlantedBadRowsTest {

    /** The generator's kinds of damage, and the words of the producers' reason for each. */
    private static final Map<String, String> REASON_BY_KIND = Map.of(
            "NON_NUMERIC_ID", "not a whole number",
            "EMPTY_REQUIRED_KEY", "is empty",
            "BAD_TIMESTAMP", "not a timestamp",
            "BAD_DECIMAL", "not a decimal number",
            "BAD_UUID", "not a UUID",
            "BAD_IP_ADDRESS", "not an IPv4 or IPv6 address",
            "WRONG_COLUMN_COUNT", "fields as in the header");

    @TempDir
    Path data;

    @TempDir
    Path rejectsDir;

    @Test
    void shouldRejectEveryPlantedBadRowWhereAndWhyTheManifestSays() throws IOException {
        int exit = new CommandLine(new GenerateCommand()).execute("--scale", "0.002", "--seed", "11",
                "--bad-rows", "0.02", "--out", data.toString());
        assertThat(exit).isZero();
        Map<String, Map<Long, CSVRecord>> planted = plantedByFile();
        Set<String> kindsSeen = new TreeSet<>();

        EntityPublisher publisher = EntityPublisher.dryRun();
        for (Entity entity : Entity.values()) {
            PublishReport report = publisher.publish(entity, data.resolve(entity.csvFileName()),
                    new PublishOptions(entity.topic(), 0, rejectsDir, false));
            Map<Long, CSVRecord> expected = planted.getOrDefault(entity.csvFileName(), Map.of());
            Map<Long, Rejection> rejected = rejectedByLine(entity);

            assertThat(rejected.keySet()).as("%s: lines rejected", entity).isEqualTo(expected.keySet());
            assertThat(report.rowsRejected()).as("%s: rejected count", entity).isEqualTo(expected.size());
            assertThat(report.rowsRead()).isEqualTo(report.rowsPublished() + report.rowsRejected());
            for (var plantedRow : expected.entrySet()) {
                CSVRecord manifest = plantedRow.getValue();
                Rejection rejection = rejected.get(plantedRow.getKey());
                String where = entity.csvFileName() + ":" + plantedRow.getKey() + " (" + manifest.get("kind") + ")";
                assertThat(rejection.column()).as(where).isEqualTo(manifest.get("column"));
                assertThat(rejection.reason()).as(where)
                        .contains(REASON_BY_KIND.get(manifest.get("kind")));
                kindsSeen.add(manifest.get("kind"));
            }
        }
        assertThat(kindsSeen).as("every kind of damage was planted and caught")
                .containsExactlyInAnyOrderElementsOf(REASON_BY_KIND.keySet());
    }

    private Map<String, Map<Long, CSVRecord>> plantedByFile() throws IOException {
        Map<String, Map<Long, CSVRecord>> planted = new HashMap<>();
        for (CSVRecord row : read(data.resolve("bad-rows.csv"))) {
            planted.computeIfAbsent(row.get("file"), f -> new TreeMap<>()).put(Long.parseLong(row.get("line")), row);
        }
        return planted;
    }

    /*
     * The rejection facts are the last three fields of a rejects row: a row with the wrong number of fields
     * keeps all of its own fields in front of them.
     */
    private Map<Long, Rejection> rejectedByLine(Entity entity) throws IOException {
        Path rejects = RejectsFileWriter.rejectsFileFor(data.resolve(entity.csvFileName()), rejectsDir);
        Map<Long, Rejection> byLine = new TreeMap<>();
        if (Files.exists(rejects)) {
            for (CSVRecord row : read(rejects)) {
                int last = row.size() - 1;
                byLine.put(Long.parseLong(row.get(last - 2)), new Rejection(row.get(last - 1), row.get(last)));
            }
        }
        return byLine;
    }

    private record Rejection(String column, String reason) {
    }

    private static List<CSVRecord> read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                     .setAllowMissingColumnNames(true).get().parse(reader)) {
            return parser.getRecords();
        }
    }
}
