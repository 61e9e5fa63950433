package dev.ecomstream.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.regex.Pattern;

/**
 * The type registry: for each column type, how a value is parsed from CSV text, written to and read from
 * JSON, written as PostgreSQL COPY text, and declared in SQL. Parsing never loses information: decimals
 * stay {@link BigDecimal}, text is kept exactly as given.
 */
public enum ColumnType {
    BIGINT("bigint") {
        @Override
        public Object parseText(String text) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new InvalidValueException("not a whole number in the 64-bit range");
            }
        }

        @Override
        public Object fromJson(JsonNode node) {
            if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                throw new InvalidValueException("expected a whole number in the 64-bit range, found " + describe(node));
            }
            return node.longValue();
        }
    },
    INTEGER("integer") {
        @Override
        public Object parseText(String text) {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new InvalidValueException("not a whole number in the 32-bit range");
            }
        }

        @Override
        public Object fromJson(JsonNode node) {
            if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                throw new InvalidValueException("expected a whole number in the 32-bit range, found " + describe(node));
            }
            return node.intValue();
        }
    },
    NUMERIC("numeric") {
        @Override
        public Object parseText(String text) {
            try {
                return withinNumericRange(new BigDecimal(text));
            } catch (NumberFormatException e) {
                throw new InvalidValueException("not a decimal number");
            }
        }

        @Override
        public Object fromJson(JsonNode node) {
            if (!node.isNumber()) {
                throw new InvalidValueException("expected a number, found " + describe(node));
            }
            return withinNumericRange(node.decimalValue());
        }

        @Override
        public JsonNode toJson(Object value) {
            return JsonNodeFactory.instance.numberNode((BigDecimal) value);
        }

        @Override
        public String toCopyText(Object value) {
            return ((BigDecimal) value).toPlainString();
        }
    },
    TEXT("text") {
        @Override
        public Object parseText(String text) {
            return text;
        }
    },
    TIMESTAMPTZ("timestamp with time zone") {
        @Override
        public Object parseText(String text) {
            return parseTimestamp(text);
        }
    },
    UUID("uuid") {
        @Override
        public Object parseText(String text) {
            if (!FastParsers.isUuid(text)) {
                throw new InvalidValueException("not a UUID (expected 8-4-4-4-12 hexadecimal digits)");
            }
            return text;
        }
    },
    INET("inet") {
        private final Pattern ipv6 = Pattern.compile("[0-9a-fA-F:.]{2,45}");

        @Override
        public Object parseText(String text) {
            if (FastParsers.isIpv4(text) || (text.indexOf(':') >= 0 && isIpv6(text))) {
                return text;
            }
            throw new InvalidValueException("not an IPv4 or IPv6 address");
        }

        private boolean isIpv6(String text) {
            if (!ipv6.matcher(text).matches()) {
                return false;
            }
            try {
                // A literal address: InetAddress parses it without any name lookup.
                java.net.InetAddress.getByName(text);
                return true;
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
    };

    /*
     * The exports write "2022-06-17 02:52:23 UTC", "2022-11-05 01:54:00.000000 UTC", "2025-01-23 08:25:52.932 UTC"
     * or "2022-06-17 02:52:23+00:00"; JSON records carry ISO-8601 ("2022-06-17T02:52:23Z"). A time without a
     * zone is taken as UTC, the zone of every TheLook export.
     */
    private static final DateTimeFormatter TIMESTAMP_FORMAT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral("UTC").optionalEnd()
            .optionalStart().appendOffset("+HH:mm", "Z").optionalEnd()
            .toFormatter();

    private final String sqlType;

    ColumnType(String sqlType) {
        this.sqlType = sqlType;
    }

    /** The type as PostgreSQL names it in {@code information_schema.columns.data_type}. */
    public String sqlType() {
        return sqlType;
    }

    /**
     * Parses a non-empty CSV field.
     *
     * @throws InvalidValueException with the reason when the text is not a value of this type
     */
    public abstract Object parseText(String text);

    /**
     * Reads a non-null JSON value, as written by {@link #toJson(Object)}.
     *
     * @throws InvalidValueException with the reason when the node is not a value of this type
     */
    public Object fromJson(JsonNode node) {
        if (!node.isTextual()) {
            throw new InvalidValueException("expected a string, found " + describe(node));
        }
        return parseText(node.textValue());
    }

    /** The JSON form of a parsed value: numbers as JSON numbers, timestamps as ISO-8601 UTC strings. */
    public JsonNode toJson(Object value) {
        if (value instanceof Long l) {
            return JsonNodeFactory.instance.numberNode(l);
        }
        if (value instanceof Integer i) {
            return JsonNodeFactory.instance.numberNode(i);
        }
        return JsonNodeFactory.instance.textNode(value.toString());
    }

    /** The value as PostgreSQL's COPY text format expects it, before COPY escaping. */
    public String toCopyText(Object value) {
        return value.toString();
    }

    static Instant parseTimestamp(String text) {
        Instant common = FastParsers.timestampOrNull(text);
        if (common != null) {
            return common;
        }
        try {
            TemporalAccessor parsed = TIMESTAMP_FORMAT.parse(text.trim());
            ZoneOffset offset = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                    ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS))
                    : ZoneOffset.UTC;
            return LocalDateTime.from(parsed).toInstant(offset);
        } catch (DateTimeException e) {
            throw new InvalidValueException(
                    "not a timestamp (expected e.g. '2022-06-17 02:52:23 UTC' or '2022-06-17T02:52:23Z')");
        }
    }

    /** PostgreSQL's numeric holds up to 131,072 digits before the decimal point and 16,383 after it. */
    public static final int NUMERIC_MAX_INTEGER_DIGITS = 131_072;
    public static final int NUMERIC_MAX_FRACTION_DIGITS = 16_383;

    /**
     * The decimal, if PostgreSQL's numeric can hold it. A value such as {@code 1e2147483647} is small as JSON
     * but has two billion digits written out: refused here, before anything tries to write it out.
     *
     * @throws InvalidValueException when it has more digits before or after the point than numeric holds
     */
    public static BigDecimal withinNumericRange(BigDecimal value) {
        long integerDigits = (long) value.precision() - value.scale();
        if (integerDigits > NUMERIC_MAX_INTEGER_DIGITS || value.scale() > NUMERIC_MAX_FRACTION_DIGITS) {
            throw new InvalidValueException(String.format("%s is beyond the range of PostgreSQL's numeric (at most "
                    + "%,d digits before the decimal point and %,d after it)", abbreviated(value),
                    NUMERIC_MAX_INTEGER_DIGITS, NUMERIC_MAX_FRACTION_DIGITS));
        }
        return value;
    }

    /** A decimal in scientific notation, cut short: never its plain form, which can be huge. */
    private static String abbreviated(BigDecimal value) {
        String text = value.toString();
        return text.length() <= 40 ? text : text.substring(0, 20) + "..." + text.substring(text.length() - 15);
    }

    private static String describe(JsonNode node) {
        String text = node.toString();
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " "
                + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }
}
