package dev.ecomstream.producers.main;

import dev.ecomstream.producers.cli.ProducerCommand;
import dev.ecomstream.schema.Entity;

/** Publishes the orders export: {@code java -cp ecomstream-producers.jar dev.ecomstream.producers.main.OrdersProducer FILE}. */
public final class OrdersProducer {

    private OrdersProducer() {
    }

    public static void main(String[] args) {
        System.exit(ProducerCommand.run(Entity.ORDERS, args));
    }
}
