package dev.ecomstream.producers.csv;

/**
 * The file stops being CSV at a known line (a quoted field that never closes, text after a closing quote),
 * so the rows from there on cannot be told apart. The run stops; rows before that line were handled.
 */
public final class CsvSyntaxException extends RuntimeException {

    private final long lineNumber;

    public CsvSyntaxException(String message, long lineNumber) {
        super(message);
        this.lineNumber = lineNumber;
    }

    /** The line the broken row starts on. */
    public long lineNumber() {
        return lineNumber;
    }
}
