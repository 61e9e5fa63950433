package dev.ecomstream.sink.decode;

import dev.ecomstream.schema.ColumnType;
import dev.ecomstream.schema.FastParsers;

/**
 * Fast checks for the forms the producers write (ISO-8601 UTC timestamps, canonical UUIDs, dotted IPv4), so
 * the decoder can keep such a value as its original text and COPY can pass it through: the catalog's general
 * parsers (date-time formatter, regular expressions) cost more per value than the rest of a row. Anything
 * else returns null and goes through {@link ColumnType#fromJson}, which accepts and rejects exactly as before.
 */
final class CanonicalText {

    private CanonicalText() {
    }

    /** The text itself when it is a canonical value of {@code type}, else null. */
    static String of(ColumnType type, String text) {
        boolean canonical = switch (type) {
            case TIMESTAMPTZ -> isUtcTimestamp(text);
            case UUID -> FastParsers.isUuid(text);
            case INET -> FastParsers.isIpv4(text);
            default -> false;
        };
        return canonical ? text : null;
    }

    /**
     * {@code yyyy-MM-dd HH:mm:ss[.f{1,9}]} with a 'T' or a space in the middle, a real calendar date, and an explicit
     * UTC zone: {@code Z} (as {@code Instant.toString()} writes it), {@code " UTC"} (as BigQuery exports TheLook) or
     * {@code +00:00}. PostgreSQL reads each as the same instant. A timestamp without a zone is not passed through:
     * PostgreSQL would read it in the session's time zone, where the catalog reads it as UTC.
     */
    static boolean isUtcTimestamp(String s) {
        int zone; // where the zone starts
        if (s.endsWith("Z")) {
            zone = s.length() - 1;
        } else if (s.endsWith(" UTC")) {
            zone = s.length() - 4;
        } else if (s.endsWith("+00:00")) {
            zone = s.length() - 6;
        } else {
            return false;
        }
        if (zone < 19 || zone > 29 || s.charAt(4) != '-' || s.charAt(7) != '-'
                || (s.charAt(10) != 'T' && s.charAt(10) != ' ') || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return false;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > java.time.Month.of(month).length(java.time.Year.isLeap(year))
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return false;
        }
        if (zone == 19) {
            return true;
        }
        if (s.charAt(19) != '.' || zone == 20) {
            return false;
        }
        return digits(s, 20, zone - 20) >= 0;
    }

    /** The value of {@code count} decimal digits at {@code from}, or -1 if any is not a digit. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            value = value * 10 + ch - '0';
        }
        return value;
    }
}
