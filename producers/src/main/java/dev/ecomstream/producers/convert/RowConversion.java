package dev.ecomstream.producers.convert;

/** What became of one CSV row: a record ready to publish, or a rejection with its reason. */
public sealed interface RowConversion permits PublishableRow, RowRejection {

    long lineNumber();
}
