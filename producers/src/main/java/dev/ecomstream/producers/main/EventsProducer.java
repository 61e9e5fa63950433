package dev.ecomstream.producers.main;

import dev.ecomstream.producers.cli.ProducerCommand;
import dev.ecomstream.schema.Entity;

/** Publishes the events export: {@code java -cp ecomstream-producers.jar dev.ecomstream.producers.main.EventsProducer FILE}. */
public final class EventsProducer {

    private EventsProducer() {
    }

    public static void main(String[] args) {
        System.exit(ProducerCommand.run(Entity.EVENTS, args));
    }
}
