package dev.ecomstream.sink.write;

import dev.ecomstream.schema.ColumnDefinition;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.sink.decode.StagingRow;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes staging rows in PostgreSQL's COPY text format (tab-separated, {@code \N} for NULL, backslash escapes
 * for the characters that would otherwise end a field or a row) straight into UTF-8 bytes in one reused buffer,
 * handed to the COPY stream each time it fills. This is the hot path: no string per row or per value is built
 * for whole numbers and text, and PostgreSQL starts parsing the first chunk while the next one is encoded.
 */
public final class CopyRowEncoder {

    /** Where full buffers go: PgJDBC's {@code CopyIn.writeToCopy}, or a test's byte array. */
    @FunctionalInterface
    public interface Output {
        void write(byte[] bytes, int offset, int length) throws SQLException;
    }

    private static final List<String> COORDINATE_COLUMNS = List.of("kafka_topic", "kafka_partition", "kafka_offset");
    /** Room for the longest thing written without a capacity check: a 4-byte UTF-8 sequence, or a long. */
    private static final int SLACK = 24;

    private final byte[] buffer;
    private int length;
    private Output output;

    public CopyRowEncoder(int bufferBytes) {
        this.buffer = new byte[Math.max(bufferBytes, 256)];
    }

    /** The COPY statement for an entity's staging table, columns in the order {@link #append} writes them. */
    public static String copyStatement(Entity entity) {
        String columns = Stream.concat(COORDINATE_COLUMNS.stream(),
                        entity.columns().stream().map(ColumnDefinition::name))
                .collect(Collectors.joining(", "));
        return "COPY " + entity.stagingTable() + " (" + columns + ") FROM STDIN";
    }

    /** Starts a COPY: later rows go to {@code target}. */
    public void start(Output target) {
        this.output = target;
        this.length = 0;
    }

    /** Appends one row, newline-terminated. */
    public void append(StagingRow row) throws SQLException {
        appendEscaped(row.coordinates().topic());
        appendByte('\t');
        appendLong(row.coordinates().partition());
        appendByte('\t');
        appendLong(row.coordinates().offset());
        List<ColumnDefinition> columns = row.entity().columns();
        Object[] values = row.values();
        for (int c = 0; c < values.length; c++) {
            appendByte('\t');
            Object value = values[c];
            if (value == null) {
                appendByte('\\');
                appendByte('N');
            } else if (value instanceof Long number) {
                appendLong(number);
            } else if (value instanceof Integer number) {
                appendLong(number);
            } else if (value instanceof String text) {
                // text, and timestamps, UUIDs and addresses the decoder kept in their validated original form
                appendEscaped(text);
            } else {
                appendEscaped(columns.get(c).type().toCopyText(value));
            }
        }
        appendByte('\n');
    }

    /** Hands the rest of the buffer to the output; call before ending the COPY. */
    public void finish() throws SQLException {
        if (length > 0) {
            output.write(buffer, 0, length);
            length = 0;
        }
    }

    private void appendByte(char ascii) throws SQLException {
        if (length >= buffer.length - SLACK) {
            finish();
        }
        buffer[length++] = (byte) ascii;
    }

    private void appendLong(long value) throws SQLException {
        if (length >= buffer.length - SLACK) {
            finish();
        }
        if (value == Long.MIN_VALUE) {
            appendEscaped(Long.toString(value));
            return;
        }
        if (value < 0) {
            buffer[length++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        for (int i = length + digits - 1; i >= length; i--) {
            buffer[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += digits;
    }

    private void appendEscaped(String text) throws SQLException {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            if (length >= buffer.length - SLACK) {
                finish();
            }
            char ch = text.charAt(i);
            if (ch < 0x80) {
                switch (ch) {
                    case '\\' -> twoBytes('\\', '\\');
                    case '\n' -> twoBytes('\\', 'n');
                    case '\r' -> twoBytes('\\', 'r');
                    case '\t' -> twoBytes('\\', 't');
                    default -> buffer[length++] = (byte) ch;
                }
            } else if (ch < 0x800) {
                buffer[length++] = (byte) (0xC0 | ch >> 6);
                buffer[length++] = (byte) (0x80 | ch & 0x3F);
            } else if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(ch, text.charAt(++i));
                buffer[length++] = (byte) (0xF0 | codePoint >> 18);
                buffer[length++] = (byte) (0x80 | codePoint >> 12 & 0x3F);
                buffer[length++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
                buffer[length++] = (byte) (0x80 | codePoint & 0x3F);
            } else if (Character.isSurrogate(ch)) {
                // a lone surrogate is not valid UTF-8; write what Java's encoder writes for it
                buffer[length++] = '?';
            } else {
                buffer[length++] = (byte) (0xE0 | ch >> 12);
                buffer[length++] = (byte) (0x80 | ch >> 6 & 0x3F);
                buffer[length++] = (byte) (0x80 | ch & 0x3F);
            }
        }
    }

    private void twoBytes(char first, char second) {
        buffer[length++] = (byte) first;
        buffer[length++] = (byte) second;
    }
}
