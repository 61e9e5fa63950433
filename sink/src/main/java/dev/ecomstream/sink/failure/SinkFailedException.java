package dev.ecomstream.sink.failure;

/** A failure the sink cannot ride out (schema missing, authentication refused): the service stops. */
public final class SinkFailedException extends RuntimeException {

    public SinkFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
