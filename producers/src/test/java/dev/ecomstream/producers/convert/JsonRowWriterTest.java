package dev.ecomstream.producers.convert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecomstream.schema.ColumnDefinition;
import dev.ecomstream.schema.ColumnType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming writer must produce exactly the bytes of the catalog's own JSON values in an object. */
class JsonRowWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    @Test
    void shouldWriteTheSameBytesAsTheCatalogsJsonValuesForEveryType() throws Exception {
        List<String> texts = List.of("9223372036854775807", "-2147483648", "-0.50", "1E+3", "Levi's \"Classic\" 東京\n😀",
                "2022-06-17 02:52:23.5 UTC", "385C2DF3-597B-4B4D-82B8-07D17E71772E", "2001:db8::1");
        List<ColumnType> types = List.of(ColumnType.BIGINT, ColumnType.INTEGER, ColumnType.NUMERIC, ColumnType.NUMERIC,
                ColumnType.TEXT, ColumnType.TIMESTAMPTZ, ColumnType.UUID, ColumnType.INET);
        List<ColumnDefinition> columns = new java.util.ArrayList<>();
        Object[] values = new Object[types.size() + 1];
        ObjectNode expected = JSON.createObjectNode();
        for (int i = 0; i < types.size(); i++) {
            columns.add(new ColumnDefinition("c" + i, types.get(i), true, true));
            values[i] = types.get(i).parseText(texts.get(i));
            expected.set("c" + i, types.get(i).toJson(values[i]));
        }
        columns.add(new ColumnDefinition("empty", ColumnType.TEXT, true, true));
        expected.putNull("empty");

        JsonRowWriter writer = new JsonRowWriter(columns);
        writer.write(values); // a second row reuses the buffer: it must not carry anything over
        byte[] actual = writer.write(values);

        assertThat(new String(actual, StandardCharsets.UTF_8)).isEqualTo(JSON.writeValueAsString(expected));
        // the emoji as four UTF-8 bytes, not an escaped surrogate pair
        assertThat(actual).isEqualTo(JSON.writeValueAsString(expected).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldWriteTimestampsExactlyAsInstantToStringDoes() throws Exception {
        List<Instant> instants = List.of(Instant.EPOCH, Instant.parse("1969-12-31T23:59:59Z"),
                Instant.parse("2022-06-17T02:52:23.500Z"), Instant.parse("2022-06-17T02:52:23.000100Z"),
                Instant.parse("2024-02-29T23:59:59.123456789Z"), Instant.parse("2022-06-17T02:52:23.000000001Z"),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-06-01T12:00:00Z"));
        JsonRowWriter writer = new JsonRowWriter(List.of(new ColumnDefinition("t", ColumnType.TIMESTAMPTZ, true, true)));
        for (Instant instant : instants) {
            assertThat(new String(writer.write(new Object[] {instant}), StandardCharsets.UTF_8))
                    .isEqualTo("{\"t\":\"" + instant + "\"}");
        }
    }
}
