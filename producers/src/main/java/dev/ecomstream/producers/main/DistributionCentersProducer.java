package dev.ecomstream.producers.main;

import dev.ecomstream.producers.cli.ProducerCommand;
import dev.ecomstream.schema.Entity;

/** Publishes the distribution_centers export: {@code java -cp ecomstream-producers.jar dev.ecomstream.producers.main.DistributionCentersProducer FILE}. */
public final class DistributionCentersProducer {

    private DistributionCentersProducer() {
    }

    public static void main(String[] args) {
        System.exit(ProducerCommand.run(Entity.DISTRIBUTION_CENTERS, args));
    }
}
