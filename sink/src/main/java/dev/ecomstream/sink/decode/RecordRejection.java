package dev.ecomstream.sink.decode;

/**
 * A record that cannot be landed, and why. It goes to {@code staging.rejected_records} with its original
 * bytes in the same transaction as the batch, so its partition keeps flowing and nothing is lost.
 */
public record RecordRejection(KafkaCoordinates coordinates, RawRecord source, String reason)
        implements DecodedRecord {
}
