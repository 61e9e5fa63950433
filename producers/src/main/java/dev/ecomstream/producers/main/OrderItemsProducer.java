package dev.ecomstream.producers.main;

import dev.ecomstream.producers.cli.ProducerCommand;
import dev.ecomstream.schema.Entity;

/** Publishes the order_items export: {@code java -cp ecomstream-producers.jar dev.ecomstream.producers.main.OrderItemsProducer FILE}. */
public final class OrderItemsProducer {

    private OrderItemsProducer() {
    }

    public static void main(String[] args) {
        System.exit(ProducerCommand.run(Entity.ORDER_ITEMS, args));
    }
}
