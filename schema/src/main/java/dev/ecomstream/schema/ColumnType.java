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
            // checked first: turning a very long digit string into a BigDecimal takes time quadratic in its length
            if (text.length() > MAX_NUMBER_CHARACTERS) {
                throw numberOutOfRange(text.length());
            }
            BigDecimal value;
            try {
                value = new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new InvalidValueException("not a decimal number");
            }
            return withinWrittenOutLength(value);
        }

        @Override
        public Object fromJson(JsonNode node) {
            if (!node.isNumber()) {
                throw new InvalidValueException("expected a number, found " + describe(node));
            }
            return withinWrittenOutLength(node.decimalValue());
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

    /**
     * The longest number, written out in full, that a value may be. Jackson refuses longer numbers when it reads
     * JSON (its default {@code StreamReadConstraints}), so a longer one would be published but never land; an
     * exponent such as {@code 1e2147483647} is caught here too, as it would be two billion digits in full.
     */
    public static final int MAX_NUMBER_CHARACTERS = 1000;

    /** Timestamps outside these years are refused: no export holds them, and not every reader can take them. */
    private static final Instant FIRST_TIMESTAMP = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST_TIMESTAMP = Instant.parse("9999-12-31T23:59:59.999999999Z");

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
        Instant timestamp = FastParsers.timestampOrNull(text);
        if (timestamp == null) {
            try {
                TemporalAccessor parsed = TIMESTAMP_FORMAT.parse(text.trim());
                ZoneOffset offset = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                        ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS))
                        : ZoneOffset.UTC;
                timestamp = LocalDateTime.from(parsed).toInstant(offset);
            } catch (DateTimeException e) {
                throw new InvalidValueException(
                        "not a timestamp (expected e.g. '2022-06-17 02:52:23 UTC' or '2022-06-17T02:52:23Z')");
            }
        }
        if (timestamp.isBefore(FIRST_TIMESTAMP) || timestamp.isAfter(LAST_TIMESTAMP)) {
            throw new InvalidValueException("out of range: a timestamp must fall in the years 1 to 9999 (UTC)");
        }
        return timestamp;
    }

    /** The length of {@code value} written out in full, without an exponent: sign, digits and point. */
    private static long plainLength(BigDecimal value) {
        long digits = value.precision();
        long scale = value.scale();
        long integerDigits = scale <= 0 ? digits - scale : Math.max(1, digits - scale);
        return (value.signum() < 0 ? 1 : 0) + integerDigits + (scale > 0 ? 1 + scale : 0);
    }

    private static InvalidValueException numberOutOfRange(long length) {
        return new InvalidValueException(String.format("out of range: written out in full it takes %d characters; "
                + "a number may take at most %d, the most a JSON reader accepts", length, MAX_NUMBER_CHARACTERS));
    }

    /**
     * The decimal, if written out in full it takes at most {@link #MAX_NUMBER_CHARACTERS}: what a JSON reader
     * accepts, and far inside PostgreSQL's numeric. A value such as {@code 1e2147483647} is small as JSON but has
     * two billion digits written out: refused here, before anything tries to write it out.
     *
     * @throws InvalidValueException when it is longer
     */
    public static BigDecimal withinWrittenOutLength(BigDecimal value) {
        long plainLength = plainLength(value);
        if (plainLength > MAX_NUMBER_CHARACTERS) {
            throw numberOutOfRange(plainLength);
        }
        return value;
    }

    private static String describe(JsonNode node) {
        String text = node.toString();
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " "
                + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }
}
