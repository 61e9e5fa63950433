package dev.ecomstream.producers;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.ecomstream.schema.ColumnDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;

/**
 * Writes one entity's JSON objects straight to bytes, reusing one generator and buffer for a whole file.
 * Building a tree per row and serialising it cost more than reading and parsing the CSV did; this writes
 * the same bytes as {@link dev.ecomstream.schema.ColumnType#toJson(Object)} values in an object (numbers as
 * JSON numbers, decimals in plain notation with their scale, everything else as its string form), which
 * {@code JsonRowWriterTest} checks for every column type.
 *
 * <p>Not thread-safe: one per file being read.
 */
final class JsonRowWriter {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            // an emoji goes out as its four UTF-8 bytes, as in the CSV, not as two escaped surrogates
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private final SerializedString[] names;
    private final ByteArrayBuilder buffer = new ByteArrayBuilder(512);
    private final JsonGenerator generator;

    JsonRowWriter(List<ColumnDefinition> columns) {
        this.names = columns.stream().map(c -> new SerializedString(c.name())).toArray(SerializedString[]::new);
        try {
            this.generator = FACTORY.createGenerator(buffer, JsonEncoding.UTF8);
            // each row is its own document: no separator between one and the next in the reused buffer
            this.generator.setRootValueSeparator(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The object of one row: {@code values} holds each catalog column's parsed value (or null), in order. */
    byte[] write(Object[] values) {
        buffer.reset();
        try {
            generator.writeStartObject();
            for (int c = 0; c < values.length; c++) {
                generator.writeFieldName(names[c]);
                writeValue(values[c]);
            }
            generator.writeEndObject();
            generator.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private void writeValue(Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof Long l) {
            generator.writeNumber(l);
        } else if (value instanceof Integer i) {
            generator.writeNumber(i);
        } else if (value instanceof BigDecimal d) {
            generator.writeNumber(d);
        } else {
            generator.writeString(value.toString());
        }
    }
}
