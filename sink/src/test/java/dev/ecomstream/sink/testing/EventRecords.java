package dev.ecomstream.sink.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Deterministic {@code events} records: the JSON of event {@code id} is a pure function of the id, so a test
 * (or the benchmark) can check what landed without keeping what it sent.
 */
public final class EventRecords {

    private static final long FIRST_SECOND = 1_650_000_000L;
    private static final String[] TYPES = {"home", "department", "product", "cart", "purchase", "cancel"};
    private static final String[] BROWSERS = {"Chrome", "Firefox", "Safari", "IE", "Other"};

    private EventRecords() {
    }

    public static String json(long id) {
        return "{\"id\":" + id + ",\"user_id\":" + (id % 50_000) + ",\"sequence_number\":" + (id % 17 + 1)
                + ",\"session_id\":\"" + sessionId(id) + "\",\"created_at\":\"" + createdAt(id)
                + "\",\"ip_address\":\"10." + (id >> 16 & 255) + "." + (id >> 8 & 255) + "." + (id & 255)
                + "\",\"city\":\"City " + (id % 997) + "\",\"state\":\"State " + (id % 50)
                + "\",\"postal_code\":\"" + (10_000 + id % 89_999) + "\",\"browser\":\"" + BROWSERS[(int) (id % 5)]
                + "\",\"traffic_source\":\"Email\",\"uri\":\"/product/" + id + "\",\"event_type\":\""
                + TYPES[(int) (id % 6)] + "\"}";
    }

    public static byte[] jsonBytes(long id) {
        return json(id).getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] key(long id) {
        return Long.toString(id).getBytes(StandardCharsets.UTF_8);
    }

    /** The same row as PostgreSQL COPY text for staging.events (columns as {@link #COPY_COLUMNS}). */
    public static String copyLine(String topic, int partition, long offset, long id) {
        return topic + '\t' + partition + '\t' + offset + '\t' + id + '\t' + (id % 50_000) + '\t' + (id % 17 + 1)
                + '\t' + sessionId(id) + '\t' + createdAt(id) + '\t' + "10." + (id >> 16 & 255) + "."
                + (id >> 8 & 255) + "." + (id & 255) + '\t' + "City " + (id % 997) + '\t' + "State " + (id % 50)
                + '\t' + (10_000 + id % 89_999) + '\t' + BROWSERS[(int) (id % 5)] + '\t' + "Email" + '\t'
                + "/product/" + id + '\t' + TYPES[(int) (id % 6)] + '\n';
    }

    public static final String COPY_COLUMNS = "kafka_topic, kafka_partition, kafka_offset, id, user_id, "
            + "sequence_number, session_id, created_at, ip_address, city, state, postal_code, browser, "
            + "traffic_source, uri, event_type";

    /** SQL whose single value is the checksum of every event in staging, comparable with {@link #checksum}. */
    public static final String CHECKSUM_SQL = "SELECT md5(string_agg(id || '|' || uri || '|' || "
            + "extract(epoch FROM created_at)::bigint || '|' || session_id || '|' || host(ip_address), ',' ORDER BY id))"
            + " FROM staging.events";

    /** The checksum of events {@code 0 .. count-1}, as {@link #CHECKSUM_SQL} computes it. */
    public static String checksum(long count) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            StringBuilder text = new StringBuilder();
            for (long id = 0; id < count; id++) {
                if (id > 0) {
                    text.append(',');
                }
                text.append(id).append('|').append("/product/").append(id).append('|')
                        .append(FIRST_SECOND + id).append('|').append(sessionId(id)).append('|')
                        .append("10.").append(id >> 16 & 255).append('.').append(id >> 8 & 255).append('.')
                        .append(id & 255);
                if (text.length() > 1 << 16) {
                    md5.update(text.toString().getBytes(StandardCharsets.UTF_8));
                    text.setLength(0);
                }
            }
            md5.update(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sessionId(long id) {
        return String.format("%08x-0000-4000-8000-%012x", id & 0xffffffffL, id);
    }

    private static String createdAt(long id) {
        return Instant.ofEpochSecond(FIRST_SECOND + id).toString();
    }
}
