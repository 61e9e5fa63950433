package dev.ecomstream.devstack;

/** A Kafka broker the tests and the quickstart can use: embedded by default, or a container. */
public interface KafkaServer extends AutoCloseable {

    /** The {@code bootstrap.servers} value for Kafka clients. */
    String bootstrapServers();

    /** Stops the broker and removes what it stored. */
    @Override
    void close();
}
