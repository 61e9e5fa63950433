package dev.ecomstream.producers.main;

import dev.ecomstream.producers.cli.ProducerCommand;
import dev.ecomstream.schema.Entity;

/** Publishes the users export: {@code java -cp ecomstream-producers.jar dev.ecomstream.producers.main.UsersProducer FILE}. */
public final class UsersProducer {

    private UsersProducer() {
    }

    public static void main(String[] args) {
        System.exit(ProducerCommand.run(Entity.USERS, args));
    }
}
