package dev.ecomstream.sink.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecomstream.schema.ColumnDefinition;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.sink.testing.EventRecords;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamingRowReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private final StreamingRowReader reader = new StreamingRowReader(JSON.getFactory());

    @Test
    void shouldReadTheSameValuesAsTheTreePath() throws Exception {
        assertSameAsTree(Entity.EVENTS, EventRecords.json(123_456));
        assertSameAsTree(Entity.PRODUCTS, "{\"id\":1,\"cost\":1.50,\"retail_price\":100.0,\"name\":\"Zoë\",\"sku\":null,"
                + "\"distribution_center_id\":7,\"extra\":{\"nested\":[1,2]}}");
        assertSameAsTree(Entity.PRODUCTS, "{\"id\":2,\"cost\":3,\"retail_price\":12345678901234567890123}");
        assertSameAsTree(Entity.ORDERS, "{\"order_id\":5,\"created_at\":\"2022-06-17 02:52:23 UTC\",\"num_of_item\":3}");
        assertSameAsTree(Entity.USERS, "{\"id\":9,\"latitude\":-33.8688197,\"longitude\":1.0E+2,\"age\":41}");
    }

    @Test
    void shouldLeaveAnythingUnusualToTheGeneralPath() {
        for (String json : List.of("not json", "[1]", "{\"order_id\":null}", "{\"status\":\"x\"}",
                "{\"order_id\":\"5\"}", "{\"order_id\":1.5}", "{\"order_id\":99999999999999999999}",
                "{\"order_id\":1,\"num_of_item\":3000000000}", "{\"order_id\":1,\"status\":\"a\\u0000b\"}",
                "{\"order_id\":1,\"created_at\":\"yesterday\"}", "{\"order_id\":1,\"status\":true}", "{\"order_id\":1")) {
            assertThat(reader.read(Entity.ORDERS, json.getBytes(StandardCharsets.UTF_8))).as(json).isNull();
        }
    }

    private void assertSameAsTree(Entity entity, String json) throws Exception {
        Object[] fast = reader.read(entity, json.getBytes(StandardCharsets.UTF_8));
        assertThat(fast).as(json).isNotNull();
        JsonNode tree = JSON.readTree(json);
        List<ColumnDefinition> columns = entity.columns();
        for (int c = 0; c < columns.size(); c++) {
            JsonNode node = tree.get(columns.get(c).name());
            Object expected = node == null || node.isNull() ? null : columns.get(c).type().fromJson(node);
            if (fast[c] instanceof String text && !(expected instanceof String)) {
                // a canonical value kept as text must mean the same value
                assertThat(columns.get(c).type().parseText(text)).as(columns.get(c).name()).isEqualTo(expected);
            } else {
                assertThat(fast[c]).as("%s in %s", columns.get(c).name(), json).isEqualTo(expected);
            }
        }
    }
}
