package dev.ecomstream.sink.testing;

import dev.ecomstream.schema.ColumnDefinition;
import dev.ecomstream.schema.Entity;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * Records no well-behaved producer would send, for property tests of the sink: any bytes, NUL characters,
 * invalid UTF-8, numbers with huge exponents or thousands of digits, deep nesting, values of every wrong type,
 * and now and then a value far over the size limit; mixed with valid ones, so batches hold both.
 */
public final class ArbitraryRecords {

    /** Value size of the rare oversized record: over any sane --max-record-bytes. */
    public static final int HUGE_VALUE_BYTES = 10 << 20;

    private ArbitraryRecords() {
    }

    /** Records of {@code entity} at offset 0 of {@code topic}'s partition 0; callers give them their offsets. */
    public static Arbitrary<ConsumerRecord<byte[], byte[]>> of(Entity entity, String topic, boolean withHuge) {
        Arbitrary<byte[]> value = withHuge
                ? Arbitraries.frequencyOf(Tuple.of(200, values(entity)), Tuple.of(1, huge()))
                : values(entity);
        return Combinators.combine(keys(), value, headers())
                .as((key, bytes, headers) -> new ConsumerRecord<>(topic, 0, 0L, 0L, TimestampType.CREATE_TIME,
                        key == null ? -1 : key.length, bytes == null ? -1 : bytes.length, key, bytes, headers,
                        java.util.Optional.empty()));
    }

    /** The same record at another offset. */
    public static ConsumerRecord<byte[], byte[]> at(ConsumerRecord<byte[], byte[]> record, long offset) {
        return new ConsumerRecord<>(record.topic(), record.partition(), offset, record.timestamp(),
                record.timestampType(), record.serializedKeySize(), record.serializedValueSize(), record.key(),
                record.value(), record.headers(), record.leaderEpoch());
    }

    private static Arbitrary<byte[]> keys() {
        return Arbitraries.oneOf(Arbitraries.just(null), anyBytes(40),
                Arbitraries.longs().map(id -> Long.toString(id).getBytes(StandardCharsets.UTF_8)));
    }

    private static Arbitrary<RecordHeaders> headers() {
        Arbitrary<RecordHeader> header = Combinators.combine(Arbitraries.strings().ofMaxLength(20), anyBytes(30))
                .as(RecordHeader::new);
        return header.list().ofMaxSize(3).map(list -> new RecordHeaders(list.toArray(RecordHeader[]::new)));
    }

    private static Arbitrary<byte[]> values(Entity entity) {
        return Arbitraries.frequencyOf(
                Tuple.of(6, objects(entity)),
                Tuple.of(1, anyBytes(300)),
                Tuple.of(1, Arbitraries.just(null)),
                Tuple.of(1, Arbitraries.of("null", "[]", "\"text\"", "42", "{", "{\"id\":1}{\"id\":2}",
                        "[".repeat(5_000) + "]".repeat(5_000), "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000))
                        .map(ArbitraryRecords::utf8)),
                Tuple.of(1, objects(entity).map(ArbitraryRecords::withInvalidUtf8)));
    }

    /** A JSON object with the entity's fields, each missing, null, valid or hostile. */
    private static Arbitrary<byte[]> objects(Entity entity) {
        List<ColumnDefinition> columns = entity.columns();
        List<Arbitrary<String>> fields = columns.stream()
                .map(column -> Arbitraries.frequencyOf(
                        Tuple.of(1, Arbitraries.just((String) null)),
                        Tuple.of(1, Arbitraries.just("null")),
                        Tuple.of(4, valid(column)),
                        Tuple.of(3, hostile()))
                        .map(json -> json == null ? null : "\"" + column.name() + "\":" + json))
                .toList();
        return Combinators.combine(fields).as(parts -> utf8("{" + String.join(",",
                parts.stream().filter(p -> p != null).toList()) + "}"));
    }

    private static Arbitrary<String> valid(ColumnDefinition column) {
        return switch (column.type()) {
            case BIGINT, INTEGER -> Arbitraries.integers().between(0, 1_000_000).map(String::valueOf);
            case NUMERIC -> Arbitraries.bigDecimals().between(java.math.BigDecimal.valueOf(-1e6),
                    java.math.BigDecimal.valueOf(1e6)).ofScale(4).map(java.math.BigDecimal::toPlainString);
            case TIMESTAMPTZ -> Arbitraries.of("\"2024-01-02T03:04:05Z\"", "\"2021-06-30 12:00:00+00:00\"",
                    "\"2019-01-01T00:00:00.123456Z\"");
            case UUID -> Arbitraries.create(java.util.UUID::randomUUID).map(u -> "\"" + u + "\"");
            case INET -> Arbitraries.of("\"10.0.0.1\"", "\"::1\"");
            case TEXT -> Arbitraries.strings().ofMaxLength(30).map(ArbitraryRecords::jsonString);
        };
    }

    /** Values that must be rejected, or landed as they are, but never stop the sink. */
    private static Arbitrary<String> hostile() {
        return Arbitraries.oneOf(
                Arbitraries.of("1e2147483647", "-1e2147483647", "1e-2147483648", "1E999999999", "-0", "0.0e0",
                        "9".repeat(5_000), "0." + "1".repeat(20_000), "123456789012345678901234567890",
                        "\"1e2147483647\"", "\"NaN\"", "\"Infinity\"", "true", "[1,2]", "{\"x\":1}",
                        "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"+300000-01-01T00:00:00Z\"",
                        "\"2021-13-45T99:99:99Z\"", "\"0000-00-00 00:00:00\"", "\"not-a-uuid\"", "\"999.1.1.1\"",
                        "\"\"", "\" \"", "\"\\\\N\"", "\"\\t\\n\\r\\\\\"", "\"" + "x".repeat(70_000) + "\""),
                Arbitraries.strings().all().ofMaxLength(40).map(ArbitraryRecords::jsonString),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf));
    }

    /** Bytes 0xC3 0x28 (a truncated two-byte sequence) in the middle of the value. */
    private static byte[] withInvalidUtf8(byte[] json) {
        int at = Math.max(1, json.length / 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(json, 0, at);
        out.write(0xC3);
        out.write(0x28);
        out.write(json, at, json.length - at);
        return out.toByteArray();
    }

    private static Arbitrary<byte[]> anyBytes(int maxSize) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(maxSize);
    }

    private static Arbitrary<byte[]> huge() {
        return Arbitraries.just(HUGE_VALUE_BYTES).map(size -> {
            byte[] value = new byte[size];
            java.util.Arrays.fill(value, (byte) 'x');
            value[0] = '{';
            return value;
        });
    }

    /** {@code text} as a JSON string literal, escaping only what JSON requires (so lone surrogates stay). */
    private static String jsonString(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c)) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
