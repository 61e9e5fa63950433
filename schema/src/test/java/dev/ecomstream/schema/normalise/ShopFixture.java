package dev.ecomstream.schema.normalise;

import dev.ecomstream.testkit.Shop;
import dev.ecomstream.testkit.Shop.DistributionCenter;
import dev.ecomstream.testkit.Shop.Event;
import dev.ecomstream.testkit.Shop.InventoryItem;
import dev.ecomstream.testkit.Shop.Order;
import dev.ecomstream.testkit.Shop.OrderItem;
import dev.ecomstream.testkit.Shop.Product;
import dev.ecomstream.testkit.Shop.User;
import dev.ecomstream.testkit.StagingDatabase;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The normaliser tests' tiny consistent shop: one row of each entity, the parents the tests' own rows refer to.
 * Each part lands on its own, so that a test can land children before their parents.
 */
final class ShopFixture {

    static final long CENTER = 1;
    static final long PRODUCT = 10;
    static final long INVENTORY_ITEM = 100;
    static final long USER = 1000;
    static final long ORDER = 5000;
    static final long ORDER_ITEM = 7000;
    static final String SESSION = "6f1b9a7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
    static final String ANONYMOUS_SESSION = "0c1d2e3f-4a5b-4e5f-8a9b-6f1b9a7e1c2d";

    private static final Product SLIM_JEANS = new Product(PRODUCT, new BigDecimal("12.50"), "Jeans", "Slim Jeans",
            "Acme", new BigDecimal("40.00"), "Men", "SKU-10", CENTER);

    private ShopFixture() {
    }

    static void landCenterAndProduct(StagingDatabase db) {
        land(db, new DistributionCenter(CENTER, "Memphis TN", new BigDecimal("35.1174"), new BigDecimal("-89.9711")),
                SLIM_JEANS);
    }

    static void landInventoryItem(StagingDatabase db, long id) {
        land(db, new InventoryItem(id, PRODUCT, at("2024-01-01T10:00:00Z"), at("2024-02-01T10:00:00Z"),
                new BigDecimal("12.50"), SLIM_JEANS));
    }

    static void landUser(StagingDatabase db) {
        land(db, new User(USER, "Ada", "Lovelace", "ada@example.com", 36, "F", "United States", "Tennessee",
                "Memphis", "1 Main St", "38103", new BigDecimal("35.14"), new BigDecimal("-90.05"), "Search",
                at("2023-12-01T09:00:00Z")));
    }

    static void landOrder(StagingDatabase db, String status) {
        land(db, new Order(ORDER, USER, status, "F", at("2024-02-01T10:00:00Z"), null, null, null, 1));
    }

    static void landOrderItem(StagingDatabase db) {
        land(db, new OrderItem(ORDER_ITEM, ORDER, USER, PRODUCT, INVENTORY_ITEM, "Processing",
                at("2024-02-01T10:00:00Z"), null, null, null, new BigDecimal("39.99")));
    }

    /** Everything, parents first. */
    static void landAll(StagingDatabase db) {
        landCenterAndProduct(db);
        landInventoryItem(db, INVENTORY_ITEM);
        landUser(db);
        landOrder(db, "Processing");
        landOrderItem(db);
        land(db,
                new Event(1, USER, 1, UUID.fromString(SESSION), at("2024-02-01T09:55:00Z"), "192.168.10.4", "Memphis",
                        "Tennessee", "38103", "Firefox", "Email", "/product/10", "product"),
                new Event(2, null, 1, UUID.fromString(ANONYMOUS_SESSION), at("2024-02-02T11:00:00Z"), "10.0.0.7",
                        "null", "Texas", "73301", "Chrome", "Adwords", "/department/men", "department"));
    }

    private static void land(StagingDatabase db, Shop.ShopRow... rows) {
        new Shop().add(rows).landIn(db);
    }

    private static OffsetDateTime at(String instant) {
        return OffsetDateTime.parse(instant);
    }
}
