package dev.ecomstream.sink.decode;

import dev.ecomstream.schema.Entity;

/**
 * A record decoded and checked against the catalog, ready for its staging table.
 *
 * @param copyFields the values of the entity's catalog columns in catalog order, as COPY text fields
 *                   ({@link CopyText#row}): tab-separated, without the Kafka coordinates and without a line end
 * @param source     the original record, kept so a row PostgreSQL refuses can still be rejected with its bytes
 */
public record StagingRow(Entity entity, KafkaCoordinates coordinates, byte[] copyFields, RawRecord source)
        implements DecodedRecord {
}
