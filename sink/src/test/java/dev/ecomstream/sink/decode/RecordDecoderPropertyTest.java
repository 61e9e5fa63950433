package dev.ecomstream.sink.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.schema.Entity;
import dev.ecomstream.sink.testing.ArbitraryRecords;
import dev.ecomstream.sink.write.CopyRowEncoder;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Whatever a record holds, decoding it ends in a row or a rejection that keeps its raw bytes and says why, and a
 * decoded row can be encoded for COPY: no content makes the sink throw.
 */
class RecordDecoderPropertyTest {

    private static final int MAX_RECORD_BYTES = 1 << 20;

    @Property(tries = 300)
    void eachRecordIsLandedOrRejectedWithItsBytesAndAReason(@ForAll("anyRecordOfAnyEntity") Case input)
            throws Exception {
        RecordDecoder decoder = new RecordDecoder(Map.of(input.record().topic(), input.entity()), MAX_RECORD_BYTES);

        DecodedRecord decoded = decoder.decode(input.record());

        assertThat(decoded.coordinates().offset()).isEqualTo(input.record().offset());
        if (decoded instanceof RecordRejection rejection) {
            assertThat(rejection.source().key()).isEqualTo(input.record().key());
            assertThat(rejection.source().value()).isEqualTo(input.record().value());
            assertThat(rejection.reason()).isNotBlank().doesNotContain("\0");
        } else {
            StagingRow row = (StagingRow) decoded;
            assertThat(row.source().value()).isEqualTo(input.record().value());
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            CopyRowEncoder encoder = new CopyRowEncoder(1 << 12);
            encoder.start((bytes, offset, length) -> copy.write(bytes, offset, length));
            encoder.append(row);
            encoder.finish();
            assertThat(copy.toByteArray()).isNotEmpty();
        }
    }

    @Provide
    Arbitrary<Case> anyRecordOfAnyEntity() {
        return net.jqwik.api.Arbitraries.of(Entity.values()).flatMap(entity ->
                ArbitraryRecords.of(entity, entity.topic(), true).map(record -> new Case(entity, record)));
    }

    record Case(Entity entity, ConsumerRecord<byte[], byte[]> record) {
        @Override
        public String toString() {
            byte[] value = record.value();
            return entity + " " + (value == null ? "null" : value.length > 300
                    ? new String(value, 0, 300, java.nio.charset.StandardCharsets.UTF_8) + "... (" + value.length
                    + " bytes)" : new String(value, java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
