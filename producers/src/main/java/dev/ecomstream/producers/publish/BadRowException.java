package dev.ecomstream.producers.publish;

/** A bad row met with {@code --fail-fast}: the run stops there. */
public final class BadRowException extends RuntimeException {

    public BadRowException(String message) {
        super(message);
    }
}
