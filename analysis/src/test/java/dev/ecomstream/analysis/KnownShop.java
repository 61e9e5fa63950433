package dev.ecomstream.analysis;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.schema.normalise.NormaliserRun;
import dev.ecomstream.testkit.Shop;
import dev.ecomstream.testkit.ShopGenerator;
import dev.ecomstream.testkit.StagingDatabase;

/**
 * The known shop ({@link ShopGenerator}) in a database of its own on the dev stack: landed in staging as the
 * sink would land it, then normalised into core, so the queries read what a real pipeline produces. Built once
 * per test JVM and shared, since no test writes to it.
 */
record KnownShop(Shop shop, StagingDatabase database) {

    static final long SEED = 20240601L;

    private static KnownShop shared;

    static synchronized KnownShop shared(DevStack stack) {
        if (shared == null) {
            StagingDatabase database = StagingDatabase.create(stack, "analysis_shop");
            Shop shop = ShopGenerator.generate(SEED);
            shop.landIn(database);
            NormaliserRun run = database.normalise();
            if (run.pending() > 0) {
                throw new IllegalStateException("the shop did not normalise completely: " + run);
            }
            shared = new KnownShop(shop, database);
        }
        return shared;
    }
}
