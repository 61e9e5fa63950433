package dev.ecomstream.sink.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.schema.Entity;
import dev.ecomstream.sink.decode.KafkaCoordinates;
import dev.ecomstream.sink.decode.RawRecord;
import dev.ecomstream.sink.decode.StagingRow;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CopyRowEncoderTest {

    @Test
    void shouldEscapeTheCharactersThatWouldEndAFieldOrARow() {
        StringBuilder out = new StringBuilder();
        CopyRowEncoder.append(out, new StagingRow(Entity.DISTRIBUTION_CENTERS,
                new KafkaCoordinates("ecomstream.distribution_centers", 2, 41),
                new Object[] {7L, "tab\there\\back\nnew\rcr", new BigDecimal("35.1174000000000001"), null, null},
                new RawRecord(null, null)));
        assertThat(out.toString()).isEqualTo("ecomstream.distribution_centers\t2\t41\t7\t"
                + "tab\\there\\\\back\\nnew\\rcr\t35.1174000000000001\t\\N\t\\N\n");
    }

    @Test
    void shouldNameTheCoordinatesThenTheCatalogColumnsInTheCopyStatement() {
        assertThat(CopyRowEncoder.copyStatement(Entity.DISTRIBUTION_CENTERS)).isEqualTo(
                "COPY staging.distribution_centers (kafka_topic, kafka_partition, kafka_offset, id, name, latitude, "
                        + "longitude, distribution_center_geom) FROM STDIN");
    }
}
