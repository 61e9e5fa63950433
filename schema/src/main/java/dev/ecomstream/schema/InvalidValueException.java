package dev.ecomstream.schema;

/**
 * A value that does not fit its column's type. The message is the reason only ("not an integer"); callers
 * add where the value came from (file and line, or topic, partition and offset).
 */
public final class InvalidValueException extends IllegalArgumentException {

    public InvalidValueException(String reason) {
        super(reason);
    }
}
