package dev.ecomstream.quickstart;

import dev.ecomstream.schema.Entity;

/**
 * One line of the quickstart summary.
 *
 * @param read      CSV rows read by the producer
 * @param published rows the producer published
 * @param landed    rows in the entity's staging table
 * @param rejected  rows the producer rejected plus records the sink rejected
 */
public record EntityCounts(Entity entity, long read, long published, long landed, long rejected) {
}
