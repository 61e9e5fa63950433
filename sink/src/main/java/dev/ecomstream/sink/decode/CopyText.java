package dev.ecomstream.sink.decode;

import dev.ecomstream.schema.ColumnDefinition;
import dev.ecomstream.schema.Entity;
import java.util.Arrays;
import java.util.List;

/**
 * Writes values in PostgreSQL's COPY text format (tab-separated, {@code \N} for NULL, backslash escapes for the
 * characters that would otherwise end a field or a row) as UTF-8 bytes. The decoder turns each row into these
 * bytes as soon as it has read it, so a batch waiting to be written holds one small array per row instead of a
 * dozen strings and boxed numbers: with a 256 MB heap, that is what keeps the garbage collector from copying
 * whole batches again and again. No string is built for whole numbers and text.
 */
public final class CopyText {

    /** Room for the longest thing written without a capacity check: a 4-byte UTF-8 sequence, or a long. */
    private static final int SLACK = 24;

    private byte[] buffer = new byte[1024];
    private int length;

    /** The row's values in catalog order as COPY fields: tab-separated, without a line end. */
    public byte[] row(Entity entity, Object[] values) {
        length = 0;
        List<ColumnDefinition> columns = entity.columns();
        for (int c = 0; c < values.length; c++) {
            if (c > 0) {
                appendAscii('\t');
            }
            Object value = values[c];
            if (value == null) {
                appendAscii('\\');
                appendAscii('N');
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
        return Arrays.copyOf(buffer, length);
    }

    /** One text field, escaped. */
    public byte[] field(String text) {
        length = 0;
        appendEscaped(text);
        return Arrays.copyOf(buffer, length);
    }

    /**
     * Writes {@code value} in decimal at {@code at} (the caller leaves room for 20 characters) and returns the
     * position after it.
     */
    public static int writeLong(byte[] target, int at, long value) {
        if (value == Long.MIN_VALUE) {
            byte[] digits = Long.toString(value).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(digits, 0, target, at, digits.length);
            return at + digits.length;
        }
        if (value < 0) {
            target[at++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        for (int i = at + digits - 1; i >= at; i--) {
            target[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + digits;
    }

    private void ensureRoom() {
        if (length >= buffer.length - SLACK) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
    }

    private void appendAscii(char ascii) {
        ensureRoom();
        buffer[length++] = (byte) ascii;
    }

    private void appendLong(long value) {
        ensureRoom();
        length = writeLong(buffer, length, value);
    }

    private void appendEscaped(String text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            ensureRoom();
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
