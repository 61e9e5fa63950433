package dev.ecomstream.producers.publish;

/** No broker answered within the time allowed; nothing was read or sent. */
public final class BrokerUnreachableException extends RuntimeException {

    public BrokerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
