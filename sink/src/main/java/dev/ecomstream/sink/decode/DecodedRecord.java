package dev.ecomstream.sink.decode;

/** What became of one Kafka record: a row for a staging table, or a rejection. */
public sealed interface DecodedRecord permits StagingRow, RecordRejection {

    KafkaCoordinates coordinates();
}
