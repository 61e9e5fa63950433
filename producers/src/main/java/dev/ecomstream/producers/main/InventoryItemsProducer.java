package dev.ecomstream.producers.main;

import dev.ecomstream.producers.cli.ProducerCommand;
import dev.ecomstream.schema.Entity;

/** Publishes the inventory_items export: {@code java -cp ecomstream-producers.jar dev.ecomstream.producers.main.InventoryItemsProducer FILE}. */
public final class InventoryItemsProducer {

    private InventoryItemsProducer() {
    }

    public static void main(String[] args) {
        System.exit(ProducerCommand.run(Entity.INVENTORY_ITEMS, args));
    }
}
