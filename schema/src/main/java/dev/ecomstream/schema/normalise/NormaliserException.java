package dev.ecomstream.schema.normalise;

/** The normaliser could not run; the message says what failed and what to check. */
public final class NormaliserException extends RuntimeException {

    public NormaliserException(String message, Throwable cause) {
        super(message, cause);
    }
}
