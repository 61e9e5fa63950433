package dev.ecomstream.producers.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.producers.csv.CsvHeader;
import dev.ecomstream.producers.csv.CsvRow;
import dev.ecomstream.schema.Entity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.record.internal.AbstractRecords;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;

class RowConverterTest {

    private static final Path FILE = Path.of("data/products.csv");
    private static final List<String> PRODUCT_HEADER = List.of("id", "cost", "category", "name", "brand",
            "retail_price", "department", "sku", "distribution_center_id");

    /** The Kafka producer's default max.request.size. */
    private static final int MAX_RECORD_BYTES = 1024 * 1024;

    private final RowConverter products = new RowConverter(Entity.PRODUCTS,
            CsvHeader.match(Entity.PRODUCTS, FILE, PRODUCT_HEADER), FILE, MAX_RECORD_BYTES);

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
        RowConverter orders = new RowConverter(Entity.ORDERS, CsvHeader.match(Entity.ORDERS, FILE, header), FILE,
                MAX_RECORD_BYTES);
        PublishableRow row = (PublishableRow) orders.convert(row(2, "1", "7", "Complete", "F",
                "2022-06-17 02:52:23 UTC", "", "2022-06-18 02:52:23 UTC", "", "2"));
        assertThat(row.createdAt()).isEqualTo(java.time.Instant.parse("2022-06-17T02:52:23Z").toEpochMilli());
        assertThat(new String(row.json(), StandardCharsets.UTF_8))
                .contains("\"created_at\":\"2022-06-17T02:52:23Z\"", "\"returned_at\":null");
    }

    @Test
    void shouldRejectARowWhoseRecordIsOverTheLimitNamingItsLongestField() {
        RowConverter small = new RowConverter(Entity.PRODUCTS, CsvHeader.match(Entity.PRODUCTS, FILE, PRODUCT_HEADER),
                FILE, 2_000);
        RowConversion fits = small.convert(
                row(2, "1", "2.5", "Jeans", "x".repeat(1_500), "B", "6", "Men", "S", "1"));
        RowConversion tooLarge = small.convert(
                row(3, "2", "2.5", "Jeans", "x".repeat(2_000), "B", "6", "Men", "S", "1"));

        assertThat(fits).isInstanceOf(PublishableRow.class);
        RowRejection rejection = (RowRejection) tooLarge;
        assertThat(rejection.column()).isEqualTo("name");
        assertThat(rejection.reason()).startsWith("makes the row's Kafka record up to ")
                .contains("(the field has 2000 characters), over the producer's limit of 2000 (max.request.size)");
        assertThat(rejection.fields()).hasSize(9);
    }

    /*
     * The producer refuses a record whose size, as AbstractRecords estimates it, is over max.request.size. The
     * converter's bound must never be below that estimate (or a row would pass the check and fail the run), and
     * only a little above it. The estimate is an internal Kafka class: if an upgrade moves it, find its
     * successor (KafkaProducer.doSend calls it) and check the bound again.
     */
    @Test
    void shouldBoundTheRecordSizeFromAboveAsTheKafkaProducerCountsIt() {
        Path file = Path.of("/data/exports/order_items-2024-06.csv");
        RowConverter converter = new RowConverter(Entity.PRODUCTS,
                CsvHeader.match(Entity.PRODUCTS, file, PRODUCT_HEADER), file, MAX_RECORD_BYTES);
        RecordHeaderValues headers = new RecordHeaderValues(Entity.PRODUCTS, file);
        for (int valueSize : new int[] {0, 100, 127, 128, 16_383, 16_384, 1_048_576, 2_097_152}) {
            byte[] value = new byte[valueSize];
            String key = "9223372036854775807";
            int kafka = AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE,
                    CompressionType.LZ4, key.getBytes(StandardCharsets.UTF_8), value,
                    headers.forLine(Long.MAX_VALUE).toArray());
            long ours = converter.recordSizeUpperBound(key, value);
            assertThat(ours).as("value of %d bytes", valueSize).isGreaterThanOrEqualTo(kafka)
                    .isLessThanOrEqualTo(kafka + 2L * key.length() + 64);
        }
    }

    private static CsvRow row(long line, String... values) {
        return new CsvRow(line, Arrays.asList(values));
    }
}
