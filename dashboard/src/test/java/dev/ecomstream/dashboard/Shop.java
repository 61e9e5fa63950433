package dev.ecomstream.dashboard;

import static dev.ecomstream.dashboard.ShopDatabase.row;

import dev.ecomstream.schema.Entity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A small shop the tests land into staging and keep in memory, so that they can compute what every panel
 * must show from the same rows: three products in two categories, two customers, and the orders and web
 * events each test adds.
 */
final class Shop {

    record Product(long id, String name, String brand, String category, String department, BigDecimal price) {
    }

    record Item(long id, Product product, BigDecimal salePrice, String status) {

        /** The sale price unless the item is cancelled or returned (the mart's net sales). */
        BigDecimal netSalesAmount() {
            return status.equals("Cancelled") || status.equals("Returned") ? BigDecimal.ZERO : salePrice;
        }
    }

    record Order(long id, long userId, Instant createdAt, List<Item> items) {
    }

    record Event(long id, String sessionId, Long userId, int sequence, Instant createdAt, String type) {
    }

    static final long CENTER = 1;
    static final Product SLIM_JEANS = new Product(11, "Slim Jeans", "Acme", "Jeans", "Men", new BigDecimal("40.00"));
    static final Product STRAIGHT_JEANS =
            new Product(12, "Straight Jeans", "Acme", "Jeans", "Men", new BigDecimal("25.00"));
    static final Product TEE = new Product(13, "Basic Tee", "Plain", "Tops & Tees", "Women", new BigDecimal("15.50"));
    static final List<Product> PRODUCTS = List.of(SLIM_JEANS, STRAIGHT_JEANS, TEE);
    static final long ADA = 101;
    static final long GRACE = 102;

    private final ShopDatabase database;
    private final List<Order> orders = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private long nextItemId = 1000;

    Shop(ShopDatabase database) {
        this.database = database;
    }

    /** Lands the distribution center, the products and the two customers. */
    void landCatalog() {
        database.land(Entity.DISTRIBUTION_CENTERS, row("id", CENTER, "name", "Memphis TN",
                "latitude", "35.1174", "longitude", "-89.9711"));
        for (Product product : PRODUCTS) {
            database.land(Entity.PRODUCTS, row("id", product.id(), "cost", "5.00", "category", product.category(),
                    "name", product.name(), "brand", product.brand(), "retail_price", product.price(),
                    "department", product.department(), "sku", "SKU-" + product.id(), "distribution_center_id", CENTER));
        }
        for (long user : List.of(ADA, GRACE)) {
            database.land(Entity.USERS, row("id", user, "first_name", "User", "last_name", String.valueOf(user),
                    "email", user + "@example.com", "age", 30, "gender", "F", "country", "United States",
                    "traffic_source", "Search", "created_at", "2020-01-01T00:00:00Z"));
        }
    }

    /** Lands an order being processed, with one item per product given, each sold at the product's price. */
    Order order(long orderId, long userId, Instant createdAt, Product... products) {
        return order(orderId, userId, createdAt, "Processing", products);
    }

    /** Lands an order and its items in {@code status}, one item per product given, at the product's price. */
    Order order(long orderId, long userId, Instant createdAt, String status, Product... products) {
        List<Item> items = new ArrayList<>();
        for (Product product : products) {
            items.add(new Item(nextItemId++, product, product.price(), status));
        }
        Order order = new Order(orderId, userId, createdAt, List.copyOf(items));
        for (Item item : items) {
            database.land(Entity.INVENTORY_ITEMS, row("id", inventoryItemId(item), "product_id", item.product().id(),
                    "created_at", "2020-01-01T00:00:00Z", "sold_at", createdAt, "cost", "5.00"));
        }
        database.land(Entity.ORDERS, row("order_id", orderId, "user_id", userId, "status", status,
                "gender", "F", "created_at", createdAt, "num_of_item", items.size()));
        for (Item item : items) {
            database.land(Entity.ORDER_ITEMS, row("id", item.id(), "order_id", orderId, "user_id", userId,
                    "product_id", item.product().id(), "inventory_item_id", inventoryItemId(item),
                    "status", status, "created_at", createdAt, "sale_price", item.salePrice()));
        }
        orders.add(order);
        return order;
    }

    /** Lands one web event; {@code userId} null for an anonymous session. */
    Event event(long id, String sessionId, Long userId, int sequence, Instant createdAt, String type) {
        Event event = new Event(id, sessionId, userId, sequence, createdAt, type);
        database.land(Entity.EVENTS, row("id", id, "user_id", userId, "sequence_number", sequence,
                "session_id", sessionId, "created_at", createdAt, "ip_address", "10.0.0.1", "city", "Memphis",
                "state", "Tennessee", "postal_code", "38103", "browser", "Firefox", "traffic_source", "Email",
                "uri", "/" + type, "event_type", type));
        events.add(event);
        return event;
    }

    List<Order> orders() {
        return List.copyOf(orders);
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    private static long inventoryItemId(Item item) {
        return 500_000 + item.id();
    }
}
