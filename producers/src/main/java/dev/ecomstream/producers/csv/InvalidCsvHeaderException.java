package dev.ecomstream.producers.csv;

/** A CSV file whose header cannot be matched to its entity; nothing is published from such a file. */
public final class InvalidCsvHeaderException extends RuntimeException {

    public InvalidCsvHeaderException(String message) {
        super(message);
    }
}
