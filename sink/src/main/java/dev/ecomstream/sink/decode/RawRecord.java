package dev.ecomstream.sink.decode;

/** The key and value bytes of a Kafka record exactly as consumed. */
public record RawRecord(byte[] key, byte[] value) {
}
