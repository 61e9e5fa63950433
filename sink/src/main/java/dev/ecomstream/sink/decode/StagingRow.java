package dev.ecomstream.sink.decode;

import dev.ecomstream.schema.Entity;

/**
 * A record decoded and checked against the catalog, ready for its staging table.
 *
 * @param values one value per catalog column of the entity, in catalog order; null for SQL NULL
 * @param source the original record, kept so a row PostgreSQL refuses can still be rejected with its bytes
 */
public record StagingRow(Entity entity, KafkaCoordinates coordinates, Object[] values, RawRecord source)
        implements DecodedRecord {
}
