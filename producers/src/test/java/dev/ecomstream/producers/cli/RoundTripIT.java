package dev.ecomstream.producers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.producers.TopicContents;
import dev.ecomstream.schema.ColumnDefinition;
import dev.ecomstream.schema.Entity;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Publishes each entity's sample file through the command line and reads the topic back: every row arrives
 * once, keyed by its id, with its headers, and every JSON value matches the CSV text. The expected values
 * are worked out here from the CSV text, not with the producers' own conversion.
 */
@ExtendWith(DevStackExtension.class)
class RoundTripIT {

    private static final Path DATA = Path.of("..", "data");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @ParameterizedTest
    @EnumSource(Entity.class)
    void shouldPublishEveryRowOfTheSampleKeyedWithHeadersAndTypedJson(Entity entity, DevStack stack) throws IOException {
        Path file = DATA.resolve(entity.csvFileName());
        String topic = "roundtrip." + entity.entityName();

        int exitCode = ProducerCommand.commandLine().execute(entity.entityName(), file.toString(),
                "--topic", topic, "--partitions", "2", "--progress", "none",
                "--bootstrap-servers", stack.kafkaBootstrapServers());

        assertThat(exitCode).isEqualTo(ExitCodes.ALL_PUBLISHED);
        Map<String, CsvLine> expected = readCsvByKey(entity, file);
        List<ConsumerRecord<byte[], byte[]>> records = TopicContents.readAll(stack.kafkaBootstrapServers(), topic);
        assertThat(records).hasSize(expected.size());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            CsvLine line = expected.remove(key);
            assertThat(line).as("a record for id %s, once", key).isNotNull();
            assertThat(header(record, "entity")).isEqualTo(entity.entityName());
            assertThat(header(record, "source_file")).isEqualTo(entity.csvFileName());
            assertThat(header(record, "source_line")).isEqualTo(Long.toString(line.number()));
            assertValuesMatch(entity, line.values(), JSON.readTree(record.value()), key);
        }
        assertThat(expected).as("rows never received").isEmpty();
    }

    private static void assertValuesMatch(Entity entity, Map<String, String> csv, JsonNode json, String key) {
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertThat(names).as("%s %s: the catalog's columns, in order", entity, key)
                .containsExactlyElementsOf(entity.columns().stream().map(ColumnDefinition::name).toList());
        for (ColumnDefinition column : entity.columns()) {
            String text = csv.getOrDefault(column.name(), "");
            JsonNode value = json.get(column.name());
            String where = entity.entityName() + " " + key + " " + column.name();
            if (text.isEmpty()) {
                assertThat(value.isNull()).as(where).isTrue();
                continue;
            }
            switch (column.type()) {
                case BIGINT, INTEGER -> {
                    assertThat(value.isIntegralNumber()).as(where).isTrue();
                    assertThat(value.asText()).as(where).isEqualTo(text);
                }
                case NUMERIC -> assertThat(value.decimalValue()).as(where).isEqualTo(new BigDecimal(text));
                case TIMESTAMPTZ -> {
                    assertThat(value.textValue()).as(where).endsWith("Z");
                    assertThat(Instant.parse(value.textValue())).as(where).isEqualTo(instantOf(text));
                }
                default -> assertThat(value.textValue()).as(where).isEqualTo(text);
            }
        }
    }

    /* The export spellings ("2022-06-17 02:52:23 UTC", "... 02:52:23.932 UTC", "... 02:52:23+00:00") as ISO. */
    private static Instant instantOf(String text) {
        String iso = text.replace(" UTC", "Z").replace(' ', 'T');
        return OffsetDateTime.parse(iso).toInstant();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private record CsvLine(long number, Map<String, String> values) {
    }

    private static Map<String, CsvLine> readCsvByKey(Entity entity, Path file) throws IOException {
        Map<String, CsvLine> rows = new HashMap<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                     .parse(reader)) {
            long line = 1;
            for (CSVRecord record : parser) {
                // the samples have no line breaks inside fields, so each row is one line after the header
                line++;
                Map<String, String> values = record.toMap();
                rows.put(values.get(entity.keyColumn()), new CsvLine(line, values));
            }
        }
        return rows;
    }
}
