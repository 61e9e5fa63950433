package dev.ecomstream.generator;

import dev.ecomstream.generator.entities.DistributionCenterWriter;
import dev.ecomstream.generator.entities.EventGenerator;
import dev.ecomstream.generator.entities.InventoryItems;
import dev.ecomstream.generator.entities.Order;
import dev.ecomstream.generator.entities.OrderGenerator;
import dev.ecomstream.generator.entities.ProductGenerator;
import dev.ecomstream.generator.entities.User;
import dev.ecomstream.generator.entities.UserGenerator;
import dev.ecomstream.generator.output.CsvOutput;
import dev.ecomstream.generator.output.DatasetFiles;
import dev.ecomstream.generator.random.RandomValues;
import dev.ecomstream.generator.random.Seeds;
import dev.ecomstream.schema.Entity;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates a whole dataset in one streaming pass: the distribution centers and products, then user by
 * user the user, their orders with items and sold inventory, the purchase sessions, some unsold stock and
 * some anonymous browsing. Everything a user brings comes from the user's own random stream, and ids are
 * handed out in that order, so nothing but the current user is held in memory.
 */
public final class DatasetGenerator {

    /** Unsold inventory per user: 490,000 items less the 180,000 sold, over 100,000 users. */
    private static final double UNSOLD_ITEMS_PER_USER = 3.1;
    /** Anonymous sessions per user, so that events reach about 24 per user (2,400,000 at scale 1). */
    private static final double BROWSING_SESSIONS_PER_USER = 4.8;

    /** The entities that only exist in the per-user pass; without them the pass can be skipped. */
    private static final EnumSet<Entity> PER_USER = EnumSet.of(
            Entity.USERS, Entity.ORDERS, Entity.ORDER_ITEMS, Entity.INVENTORY_ITEMS, Entity.EVENTS);

    private final GeneratorSettings settings;

    public DatasetGenerator(GeneratorSettings settings) {
        this.settings = settings;
    }

    public GenerationReport generate() throws IOException {
        long started = System.nanoTime();
        DatasetSize size = DatasetSize.ofScale(settings.scale());
        Map<Entity, Long> rows = new EnumMap<>(Entity.class);
        long badRows;
        try (DatasetFiles files = DatasetFiles.open(settings.outputDirectory(), settings.entities(),
                settings.seed(), settings.badRowFraction())) {
            DistributionCenterWriter.writeAll(files.get(Entity.DISTRIBUTION_CENTERS));
            ProductGenerator products = new ProductGenerator(settings.seed(), size.products());
            products.writeAll(files.get(Entity.PRODUCTS));
            if (settings.entities().stream().anyMatch(PER_USER::contains)) {
                generateUsers(files, products, size.users());
            }
            for (Entity entity : settings.entities()) {
                rows.put(entity, files.get(entity).rows());
            }
            badRows = files.badRows();
        }
        long bytes = 0;
        for (Entity entity : settings.entities()) {
            bytes += Files.size(settings.outputDirectory().resolve(entity.csvFileName()));
        }
        return new GenerationReport(rows, bytes, badRows, Duration.ofNanos(System.nanoTime() - started));
    }

    private void generateUsers(DatasetFiles files, ProductGenerator products, long userCount) {
        CsvOutput inventoryOut = files.get(Entity.INVENTORY_ITEMS);
        InventoryItems inventory = new InventoryItems(inventoryOut);
        UserGenerator users = new UserGenerator(files.get(Entity.USERS));
        OrderGenerator orders = new OrderGenerator(products, inventory, files.get(Entity.ORDERS),
                files.get(Entity.ORDER_ITEMS));
        EventGenerator events = new EventGenerator(files.get(Entity.EVENTS), products);
        for (long id = 1; id <= userCount; id++) {
            SplittableRandom random = Seeds.random(settings.seed(), Seeds.Stream.USERS, id);
            User user = users.create(id, random);
            for (Order order : orders.placeOrders(user, random)) {
                events.purchaseSession(order, random);
            }
            int unsold = RandomValues.poisson(random, UNSOLD_ITEMS_PER_USER);
            for (int i = 0; i < unsold; i++) {
                inventory.unsold(random, products.randomProduct(random));
            }
            int sessions = RandomValues.poisson(random, BROWSING_SESSIONS_PER_USER);
            for (int i = 0; i < sessions; i++) {
                events.browsingSession(random);
            }
        }
    }
}
