/**
 * From a CSV row to a Kafka record or a rejection: each value parsed by its catalog column (type, range, known
 * values), the typed JSON object written straight to bytes, the record's key and headers, and the check that
 * the record fits the producer's size limit. A row that cannot be published becomes a
 * {@link dev.ecomstream.producers.convert.RowRejection} naming file, line, column and reason; nothing here
 * throws for bad data or talks to Kafka.
 */
package dev.ecomstream.producers.convert;
