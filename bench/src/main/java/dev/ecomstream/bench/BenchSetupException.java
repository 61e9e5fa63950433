package dev.ecomstream.bench;

/**
 * The benchmark cannot run as it was set up: the external Kafka or PostgreSQL cannot be reached, refuses the login
 * or the role may not create databases. The message says what to fix; it is reported in one line, without a stack
 * trace, which would only bury it.
 */
final class BenchSetupException extends RuntimeException {

    BenchSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
