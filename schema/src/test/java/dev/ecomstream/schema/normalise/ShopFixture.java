package dev.ecomstream.schema.normalise;

import static dev.ecomstream.schema.normalise.StagingDatabase.row;

import dev.ecomstream.schema.Entity;

/** A tiny consistent shop, landed entity by entity: the parents the tests' rows refer to. */
final class ShopFixture {

    static final long CENTER = 1;
    static final long PRODUCT = 10;
    static final long INVENTORY_ITEM = 100;
    static final long USER = 1000;
    static final long ORDER = 5000;
    static final long ORDER_ITEM = 7000;
    static final String SESSION = "6f1b9a7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
    static final String ANONYMOUS_SESSION = "0c1d2e3f-4a5b-4e5f-8a9b-6f1b9a7e1c2d";

    private ShopFixture() {
    }

    static void landCenterAndProduct(StagingDatabase db) {
        db.land(Entity.DISTRIBUTION_CENTERS, row("id", CENTER, "name", "Memphis TN", "latitude", "35.1174",
                "longitude", "-89.9711"));
        db.land(Entity.PRODUCTS, row("id", PRODUCT, "cost", "12.50", "category", "Jeans", "name", "Slim Jeans",
                "brand", "Acme", "retail_price", "40.00", "department", "Men", "sku", "SKU-10",
                "distribution_center_id", CENTER));
    }

    static void landInventoryItem(StagingDatabase db, long id) {
        db.land(Entity.INVENTORY_ITEMS, row("id", id, "product_id", PRODUCT,
                "created_at", "2024-01-01T10:00:00Z", "sold_at", "2024-02-01T10:00:00Z", "cost", "12.50",
                "product_category", "Jeans", "product_name", "Slim Jeans", "product_brand", "Acme",
                "product_retail_price", "40.00", "product_department", "Men", "product_sku", "SKU-10",
                "product_distribution_center_id", CENTER));
    }

    static void landUser(StagingDatabase db) {
        db.land(Entity.USERS, row("id", USER, "first_name", "Ada", "last_name", "Lovelace",
                "email", "ada@example.com", "age", 36, "gender", "F", "state", "Tennessee",
                "street_address", "1 Main St", "postal_code", "38103", "city", "Memphis", "country", "United States",
                "latitude", "35.14", "longitude", "-90.05", "traffic_source", "Search",
                "created_at", "2023-12-01T09:00:00Z"));
    }

    static void landOrder(StagingDatabase db, String status) {
        db.land(Entity.ORDERS, row("order_id", ORDER, "user_id", USER, "status", status, "gender", "F",
                "created_at", "2024-02-01T10:00:00Z", "num_of_item", 1));
    }

    static void landOrderItem(StagingDatabase db) {
        db.land(Entity.ORDER_ITEMS, row("id", ORDER_ITEM, "order_id", ORDER, "user_id", USER, "product_id", PRODUCT,
                "inventory_item_id", INVENTORY_ITEM, "status", "Processing",
                "created_at", "2024-02-01T10:00:00Z", "sale_price", "39.99"));
    }

    /** Everything, parents first. */
    static void landAll(StagingDatabase db) {
        landCenterAndProduct(db);
        landInventoryItem(db, INVENTORY_ITEM);
        landUser(db);
        landOrder(db, "Processing");
        landOrderItem(db);
        db.land(Entity.EVENTS,
                row("id", 1, "user_id", USER, "sequence_number", 1, "session_id", SESSION,
                        "created_at", "2024-02-01T09:55:00Z", "ip_address", "192.168.10.4", "city", "Memphis",
                        "state", "Tennessee", "postal_code", "38103", "browser", "Firefox", "traffic_source", "Email",
                        "uri", "/product/10", "event_type", "product"),
                row("id", 2, "user_id", null, "sequence_number", 1, "session_id", ANONYMOUS_SESSION,
                        "created_at", "2024-02-02T11:00:00Z", "ip_address", "10.0.0.7", "city", "null",
                        "state", "Texas", "postal_code", "73301", "browser", "Chrome", "traffic_source", "Adwords",
                        "uri", "/department/men", "event_type", "department"));
    }
}
