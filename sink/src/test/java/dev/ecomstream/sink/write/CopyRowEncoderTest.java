package dev.ecomstream.sink.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.schema.Entity;
import dev.ecomstream.sink.decode.CopyText;
import dev.ecomstream.sink.decode.KafkaCoordinates;
import dev.ecomstream.sink.decode.RawRecord;
import dev.ecomstream.sink.decode.StagingRow;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CopyRowEncoderTest {

    @Test
    void shouldEscapeTheCharactersThatWouldEndAFieldOrARow() throws SQLException {
        assertThat(encode(256, row(Entity.DISTRIBUTION_CENTERS,
                new KafkaCoordinates("ecomstream.distribution_centers", 2, 41),
                new Object[] {7L, "tab\there\\back\nnew\rcr", new BigDecimal("35.1174000000000001"), null, null})))
                .isEqualTo("ecomstream.distribution_centers\t2\t41\t7\t"
                + "tab\\there\\\\back\\nnew\\rcr\t35.1174000000000001\t\\N\t\\N\n");
    }

    @Test
    void shouldWriteUtf8NumbersAndTimestampsAcrossBufferBoundaries() throws SQLException {
        StagingRow row = row(Entity.ORDERS, new KafkaCoordinates("t", 0, Long.MAX_VALUE),
                new Object[] {-1234567890123L, 0L, "Zoë ☃ 😀", "F", Instant.parse("2022-06-17T02:52:23.5Z"),
                        "2022-06-18T00:00:00Z", null, null, Integer.MIN_VALUE});
        String expected = "t\t0\t9223372036854775807\t-1234567890123\t0\tZoë ☃ 😀\tF\t2022-06-17T02:52:23.500Z\t"
                + "2022-06-18T00:00:00Z\t\\N\t\\N\t-2147483648\n";
        assertThat(encode(256, row, row, row)).isEqualTo(expected.repeat(3));
    }

    @Test
    void shouldNameTheCoordinatesThenTheCatalogColumnsInTheCopyStatement() {
        assertThat(CopyRowEncoder.copyStatement(Entity.DISTRIBUTION_CENTERS)).isEqualTo(
                "COPY staging.distribution_centers (kafka_topic, kafka_partition, kafka_offset, id, name, latitude, "
                        + "longitude, distribution_center_geom) FROM STDIN");
    }

    /** A row as the decoder makes it: its values written as COPY fields. */
    private static StagingRow row(Entity entity, KafkaCoordinates at, Object[] values) {
        return new StagingRow(entity, at, new CopyText().row(entity, values), new RawRecord(null, null));
    }

    private static String encode(int bufferBytes, StagingRow... rows) throws SQLException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CopyRowEncoder encoder = new CopyRowEncoder(bufferBytes);
        encoder.start(out::write);
        for (StagingRow row : rows) {
            encoder.append(row);
        }
        encoder.finish();
        return out.toString(StandardCharsets.UTF_8);
    }
}
