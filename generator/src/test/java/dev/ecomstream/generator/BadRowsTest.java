package dev.ecomstream.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecomstream.generator.output.BadRowKind;
import dev.ecomstream.generator.output.BadRowManifest;
import dev.ecomstream.schema.ColumnDefinition;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.schema.InvalidValueException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest points at rows that really are bad, and every row it does not list is good. */
class BadRowsTest {

    @TempDir
    static Path temp;

    static List<CSVRecord> manifest;

    @BeforeAll
    static void generate() {
        GeneratedFiles.generate(temp, "--scale", "0.002", "--seed", "5", "--bad-rows", "0.05");
        manifest = GeneratedFiles.read(temp.resolve(BadRowManifest.FILE_NAME));
    }

    @Test
    void manifestHasTheDocumentedColumns() {
        assertThat(manifest.get(0).getParser().getHeaderNames()).containsExactly(BadRowManifest.HEADER);
    }

    @Test
    void everyKindOfBadRowIsPlanted() {
        assertThat(manifest.stream().map(r -> r.get("kind")).collect(Collectors.toSet()))
                .isEqualTo(Arrays.stream(BadRowKind.values()).map(Enum::name).collect(Collectors.toSet()));
    }

    @Test
    void eachListedLineIsRejectedForTheListedReason() {
        for (CSVRecord entry : manifest) {
            Entity entity = Entity.byName(entry.get("file").replace(".csv", "")).orElseThrow();
            CSVRecord row = physicalLine(entity, Integer.parseInt(entry.get("line")));
            String description = entry.toString();
            if (entry.get("kind").equals(BadRowKind.WRONG_COLUMN_COUNT.name())) {
                assertThat(row.size()).as(description).isNotEqualTo(entity.columns().size());
                continue;
            }
            ColumnDefinition column = entity.column(entry.get("column"));
            String value = row.get(entity.columns().indexOf(column));
            if (value.isEmpty()) {
                assertThat(column.nullable()).as(description).isFalse();
            } else {
                assertThatThrownBy(() -> column.type().parseText(value)).as(description)
                        .isInstanceOf(InvalidValueException.class);
            }
        }
    }

    @Test
    void everyRowNotListedIsGood() {
        Map<String, Set<Long>> listed = new HashMap<>();
        for (CSVRecord entry : manifest) {
            listed.computeIfAbsent(entry.get("file"), f -> new java.util.HashSet<>())
                    .add(Long.parseLong(entry.get("line")));
        }
        for (Entity entity : Entity.values()) {
            Set<Long> bad = listed.getOrDefault(entity.csvFileName(), Set.of());
            List<String> lines = lines(entity);
            for (int line = 2; line <= lines.size(); line++) {
                if (bad.contains((long) line)) {
                    continue;
                }
                CSVRecord row = physicalLine(entity, line);
                assertThat(row.size()).as("%s line %d", entity, line).isEqualTo(entity.columns().size());
                for (int i = 0; i < row.size(); i++) {
                    ColumnDefinition column = entity.columns().get(i);
                    if (row.get(i).isEmpty()) {
                        assertThat(column.nullable()).as("%s line %d %s", entity, line, column.name()).isTrue();
                    } else {
                        column.type().parseText(row.get(i));
                    }
                }
            }
        }
    }

    private static CSVRecord physicalLine(Entity entity, int line) {
        try (CSVParser parser = CSVParser.parse(lines(entity).get(line - 1), CSVFormat.RFC4180)) {
            return parser.getRecords().get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Map<Entity, List<String>> LINES = new HashMap<>();

    private static List<String> lines(Entity entity) {
        return LINES.computeIfAbsent(entity, e -> {
            try {
                return Files.readAllLines(temp.resolve(e.csvFileName()), StandardCharsets.UTF_8);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
    }
}
