package dev.ecomstream.sink.decode;

/**
 * A record that cannot be landed, and why. It goes to {@code staging.rejected_records} with its original
 * bytes in the same transaction as the batch, so its partition keeps flowing and nothing is lost.
 *
 * @param reason what was wrong; a NUL character in it (a parser quoting the record's bad bytes) is written as
 *               {@code \u0000}, since PostgreSQL text cannot hold one and the rejection itself must land
 */
public record RecordRejection(KafkaCoordinates coordinates, RawRecord source, String reason)
        implements DecodedRecord {

    public RecordRejection {
        if (reason.indexOf('\0') >= 0) {
            reason = reason.replace("\0", "\\u0000");
        }
    }
}
