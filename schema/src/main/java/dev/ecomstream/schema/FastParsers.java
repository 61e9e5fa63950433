package dev.ecomstream.schema;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Hand-written parsers for the forms the exports use almost always. Parsing is on the producers' hot path
 * (millions of rows per file), and a DateTimeFormatter or a regular expression costs several times more
 * per value. Each method returns null or false when the text is not in the fast form, and the caller
 * falls back to the general parser, so the accepted language is unchanged. The sink uses the UUID and IPv4
 * checks to recognise values it can pass through to COPY as they are.
 */
public final class FastParsers {

    private FastParsers() {
    }

    /**
     * {@code yyyy-MM-dd HH:mm:ss}, a 'T' or a space between date and time, 0 to 9 fractional digits, then
     * nothing, {@code Z}, {@code " UTC"} or {@code +00:00}. Null for anything else (other offsets too).
     */
    static Instant timestampOrNull(String text) {
        int length = text.length();
        if (length < 19 || text.charAt(4) != '-' || text.charAt(7) != '-'
                || (text.charAt(10) != ' ' && text.charAt(10) != 'T')
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int position = 19;
        int nanos = 0;
        if (position < length && text.charAt(position) == '.') {
            position++;
            int start = position;
            while (position < length && position - start < 9 && isDigit(text.charAt(position))) {
                nanos = nanos * 10 + (text.charAt(position) - '0');
                position++;
            }
            if (position == start) {
                return null;
            }
            for (int scale = position - start; scale < 9; scale++) {
                nanos *= 10;
            }
        }
        String zone = text.substring(position);
        if (!(zone.isEmpty() || zone.equals(" UTC") || zone.equals("Z") || zone.equals("+00:00"))) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** True for 8-4-4-4-12 hexadecimal digits (ASCII only, as PostgreSQL's uuid accepts). */
    public static boolean isUuid(String text) {
        if (text.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char ch = text.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? ch != '-' : !isHexDigit(ch)) {
                return false;
            }
        }
        return true;
    }

    /** True for a dotted-quad IPv4 address without leading zeros. */
    public static boolean isIpv4(String text) {
        int parts = 0;
        int position = 0;
        int length = text.length();
        while (position <= length) {
            int start = position;
            int value = 0;
            while (position < length && isDigit(text.charAt(position))) {
                value = value * 10 + (text.charAt(position) - '0');
                position++;
            }
            int width = position - start;
            if (width == 0 || width > 3 || value > 255 || (width > 1 && text.charAt(start) == '0')) {
                return false;
            }
            parts++;
            if (position == length) {
                return parts == 4;
            }
            if (text.charAt(position) != '.' || parts == 4) {
                return false;
            }
            position++;
        }
        return false;
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char ch = text.charAt(i);
            if (!isDigit(ch)) {
                return -1;
            }
            value = value * 10 + (ch - '0');
        }
        return value;
    }

    private static boolean isDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }

    /* Not Character.digit(ch, 16): it also takes fullwidth and other scripts' digits, which PostgreSQL refuses. */
    private static boolean isHexDigit(char ch) {
        return isDigit(ch) || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
    }
}
