package dev.ecomstream.sink.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.schema.Entity;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class RecordDecoderTest {

    private final RecordDecoder decoder = new RecordDecoder(Map.of("orders", Entity.ORDERS), 400);

    @Test
    void shouldDecodeEveryColumnWithItsType() {
        DecodedRecord decoded = decode("orders", "{\"order_id\":5,\"user_id\":9,\"status\":\"Shipped\","
                + "\"gender\":\"F\",\"created_at\":\"2022-06-17T02:52:23.5Z\",\"returned_at\":null,"
                + "\"shipped_at\":\"2022-06-18T00:00:00Z\",\"delivered_at\":null,\"num_of_item\":3}");
        assertThat(decoded).isInstanceOf(StagingRow.class);
        // canonical UTC timestamps are kept as their (validated) text and passed through to COPY
        assertThat(copyFields((StagingRow) decoded)).containsExactly("5", "9", "Shipped", "F", "2022-06-17T02:52:23.5Z",
                "\\N", "2022-06-18T00:00:00Z", "\\N", "3");
    }

    @Test
    void shouldRejectWithAReasonInsteadOfThrowing() {
        assertThat(reason("orders", "not json")).startsWith("value is not JSON");
        assertThat(reason("orders", "[1,2]")).isEqualTo("value is JSON but not an object");
        assertThat(reason("orders", "{\"user_id\":1}")).isEqualTo("orders field 'order_id' is missing, but every orders row needs it");
        assertThat(reason("orders", "{\"order_id\":null}")).contains("'order_id' is null");
        assertThat(reason("orders", "{\"order_id\":1,\"num_of_item\":\"three\"}"))
                .isEqualTo("orders field 'num_of_item': expected a whole number in the 32-bit range, found string \"three\"");
        assertThat(reason("orders", "{\"order_id\":1,\"status\":\"a\\u0000b\"}")).contains("NUL");
        assertThat(reason("unknown", "{}")).isEqualTo("topic is not mapped to any entity");
        assertThat(reason("orders", "{\"order_id\":1,\"status\":\"" + "x".repeat(500) + "\"}")).contains("over the limit of 400");
    }

    @Test
    void shouldKeepDecimalsExact() {
        RecordDecoder products = new RecordDecoder(Map.of("p", Entity.PRODUCTS), 10_000);
        StagingRow row = (StagingRow) products.decode(record("p", "{\"id\":1,\"cost\":2.5187499908497561}"));
        assertThat(copyFields(row)[1]).isEqualTo("2.5187499908497561");
    }

    private static String[] copyFields(StagingRow row) {
        return new String(row.copyFields(), java.nio.charset.StandardCharsets.UTF_8).split("\t", -1);
    }

    private String reason(String topic, String json) {
        DecodedRecord decoded = decode(topic, json);
        assertThat(decoded).isInstanceOf(RecordRejection.class);
        return ((RecordRejection) decoded).reason();
    }

    private DecodedRecord decode(String topic, String json) {
        return decoder.decode(record(topic, json));
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, String json) {
        return new ConsumerRecord<>(topic, 0, 42, "k".getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8));
    }
}
