package dev.ecomstream.producers.publish;

/** Kafka refused records even after the client's retries; the run stops rather than lose rows silently. */
public final class PublishFailedException extends RuntimeException {

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
