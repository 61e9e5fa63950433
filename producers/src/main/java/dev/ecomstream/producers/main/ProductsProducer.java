package dev.ecomstream.producers.main;

import dev.ecomstream.producers.cli.ProducerCommand;
import dev.ecomstream.schema.Entity;

/** Publishes the products export: {@code java -cp ecomstream-producers.jar dev.ecomstream.producers.main.ProductsProducer FILE}. */
public final class ProductsProducer {

    private ProductsProducer() {
    }

    public static void main(String[] args) {
        System.exit(ProducerCommand.run(Entity.PRODUCTS, args));
    }
}
