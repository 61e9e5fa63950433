package dev.ecomstream.producers.convert;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.ecomstream.schema.ColumnDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
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
    private final char[] timestamp = new char[30];

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
        } else if (value instanceof Instant instant) {
            writeTimestamp(instant);
        } else {
            generator.writeString(value.toString());
        }
    }

    /*
     * Instant.toString() goes through a DateTimeFormatter, which cost as much as all the other columns of an
     * events row together. This writes the same text (ISO-8601 UTC, fraction in groups of three digits as
     * needed) for the years 0000-9999 and leaves any other year to Instant.toString().
     */
    private void writeTimestamp(Instant instant) throws IOException {
        long seconds = instant.getEpochSecond();
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        if (date.getYear() < 0 || date.getYear() > 9999) {
            generator.writeString(instant.toString());
            return;
        }
        int secondOfDay = Math.floorMod(seconds, 86_400);
        char[] text = timestamp;
        digits(text, 0, date.getYear(), 4);
        text[4] = '-';
        digits(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, secondOfDay / 3600, 2);
        text[13] = ':';
        digits(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, secondOfDay % 60, 2);
        int length = 19;
        int nanos = instant.getNano();
        if (nanos != 0) {
            text[length++] = '.';
            if (nanos % 1_000_000 == 0) {
                length = digits(text, length, nanos / 1_000_000, 3);
            } else if (nanos % 1000 == 0) {
                length = digits(text, length, nanos / 1000, 6);
            } else {
                length = digits(text, length, nanos, 9);
            }
        }
        text[length++] = 'Z';
        generator.writeString(text, 0, length);
    }

    /** Writes {@code value} as exactly {@code width} decimal digits at {@code at}; returns the end. */
    private static int digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
