package dev.ecomstream.producers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.schema.Entity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowConverterTest {

    private static final Path FILE = Path.of("data/products.csv");
    private static final List<String> PRODUCT_HEADER = List.of("id", "cost", "category", "name", "brand",
            "retail_price", "department", "sku", "distribution_center_id");

    private final RowConverter products = new RowConverter(Entity.PRODUCTS,
            CsvHeader.match(Entity.PRODUCTS, FILE, PRODUCT_HEADER), FILE);

    @Test
    void shouldWriteTypedJsonKeyedByIdKeepingDecimalsAndTextExactly() {
        RowConversion conversion = products.convert(row(7, "13842", "2.5187499908497561", "Accessories",
                "Levi's® Men's Belt, \"Classic\" 東京", "AriatÂ®", "6.25", "Men", "EBD58B8A3F1D72F4206201DA62FB1204", "1"));
        assertThat(conversion).isInstanceOf(PublishableRow.class);
        PublishableRow row = (PublishableRow) conversion;
        assertThat(row.key()).isEqualTo("13842");
        assertThat(new String(row.json(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":13842,"
                + "\"cost\":2.5187499908497561,\"category\":\"Accessories\","
                + "\"name\":\"Levi's® Men's Belt, \\\"Classic\\\" 東京\",\"brand\":\"AriatÂ®\","
                + "\"retail_price\":6.25,\"department\":\"Men\",\"sku\":\"EBD58B8A3F1D72F4206201DA62FB1204\","
                + "\"distribution_center_id\":1}");
    }

    @Test
    void shouldTurnEmptyFieldsIntoNull() {
        PublishableRow row = (PublishableRow) products.convert(row(2, "1", "", "", "", "", "", "", "", ""));
        assertThat(new String(row.json(), StandardCharsets.UTF_8)).contains("\"cost\":null", "\"brand\":null");
    }

    @Test
    void shouldRejectABadDecimalNamingFileLineColumnAndValue() {
        RowConversion conversion = products.convert(row(12, "5", "12,50", "Jeans", "Name", "Brand", "20", "Men", "S", "1"));
        assertThat(conversion).isInstanceOf(RowRejection.class);
        assertThat(((RowRejection) conversion).describe())
                .isEqualTo("data/products.csv:12: column 'cost': not a decimal number ('12,50')");
    }

    @Test
    void shouldRejectAnEmptyKey() {
        RowConversion conversion = products.convert(row(3, "", "1", "", "", "", "", "", "", ""));
        assertThat(((RowRejection) conversion).describe()).startsWith("data/products.csv:3: column 'id': is empty");
    }

    @Test
    void shouldRejectARowWithTheWrongNumberOfFields() {
        RowConversion conversion = products.convert(row(4, "1", "2", "3"));
        assertThat(((RowRejection) conversion).reason()).contains("expected 9 fields", "found 3");
        assertThat(((RowRejection) conversion).fields()).containsExactly("1", "2", "3");
    }

    @Test
    void shouldCarryCreatedAtForReplayPacing() {
        List<String> header = Entity.ORDERS.columns().stream().map(c -> c.name()).toList();
        RowConverter orders = new RowConverter(Entity.ORDERS, CsvHeader.match(Entity.ORDERS, FILE, header), FILE);
        PublishableRow row = (PublishableRow) orders.convert(row(2, "1", "7", "Complete", "F",
                "2022-06-17 02:52:23 UTC", "", "2022-06-18 02:52:23 UTC", "", "2"));
        assertThat(row.createdAt()).isEqualTo(java.time.Instant.parse("2022-06-17T02:52:23Z").toEpochMilli());
        assertThat(new String(row.json(), StandardCharsets.UTF_8))
                .contains("\"created_at\":\"2022-06-17T02:52:23Z\"", "\"returned_at\":null");
    }

    private static CsvRow row(long line, String... values) {
        return new CsvRow(line, Arrays.asList(values));
    }
}
