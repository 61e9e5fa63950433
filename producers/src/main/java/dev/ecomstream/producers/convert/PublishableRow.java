package dev.ecomstream.producers.convert;

/**
 * A row converted to its Kafka record.
 *
 * @param lineNumber the CSV line the row starts on
 * @param key        the entity's id as text, the record key
 * @param json       the typed JSON object, UTF-8
 * @param createdAt  the row's {@code created_at} in epoch milliseconds, or -1 when it has none (for replay pacing)
 */
public record PublishableRow(long lineNumber, String key, byte[] json, long createdAt) implements RowConversion {
}
