package dev.ecomstream.testkit;

import static dev.ecomstream.testkit.StagingDatabase.row;

import dev.ecomstream.schema.Entity;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A TheLook-shaped shop the tests build in memory and land in staging, so that they can compute what a query,
 * a view or a panel must show from the same rows. Each record is one row of one entity and knows its staging
 * columns ({@link ShopRow#stagingRow()}); {@link #landIn} lands what was added since the last call, parents
 * first, in one transaction.
 *
 * <p>Values a test does not name get plain defaults; the repeated columns of a row (an inventory item's product
 * attributes, an order's gender) agree with its parent when the parent is in the shop, as in a consistent export.
 */
public final class Shop {

    private static final Map<Class<? extends ShopRow>, Entity> ENTITY_OF_ROW = Map.of(
            DistributionCenter.class, Entity.DISTRIBUTION_CENTERS, Product.class, Entity.PRODUCTS,
            InventoryItem.class, Entity.INVENTORY_ITEMS, User.class, Entity.USERS, Order.class, Entity.ORDERS,
            OrderItem.class, Entity.ORDER_ITEMS, Event.class, Entity.EVENTS);

    /** One row of one entity. */
    public sealed interface ShopRow permits DistributionCenter, Product, InventoryItem, User, Order, OrderItem, Event {

        default Entity entity() {
            return ENTITY_OF_ROW.get(getClass());
        }

        /** Column name -> value, as {@link StagingDatabase#land} takes them. */
        Map<String, Object> stagingRow();
    }

    public record DistributionCenter(long id, String name, BigDecimal latitude, BigDecimal longitude)
            implements ShopRow {

        @Override
        public Map<String, Object> stagingRow() {
            return row("id", id, "name", name, "latitude", latitude, "longitude", longitude);
        }
    }

    public record Product(long id, BigDecimal cost, String category, String name, String brand, BigDecimal retailPrice,
                          String department, String sku, long distributionCenterId) implements ShopRow {

        @Override
        public Map<String, Object> stagingRow() {
            return row("id", id, "cost", cost, "category", category, "name", name, "brand", brand,
                    "retail_price", retailPrice, "department", department, "sku", sku,
                    "distribution_center_id", distributionCenterId);
        }
    }

    /** A stock item; {@code product} repeats the product's attributes (null: the product is not known). */
    public record InventoryItem(long id, long productId, OffsetDateTime createdAt, OffsetDateTime soldAt,
                                BigDecimal cost, Product product) implements ShopRow {

        @Override
        public Map<String, Object> stagingRow() {
            Map<String, Object> row = row("id", id, "product_id", productId, "created_at", createdAt,
                    "sold_at", soldAt, "cost", cost);
            if (product != null) {
                row.putAll(row("product_category", product.category(), "product_name", product.name(),
                        "product_brand", product.brand(), "product_retail_price", product.retailPrice(),
                        "product_department", product.department(), "product_sku", product.sku(),
                        "product_distribution_center_id", product.distributionCenterId()));
            }
            return row;
        }
    }

    public record User(long id, String firstName, String lastName, String email, Integer age, String gender,
                       String country, String state, String city, String streetAddress, String postalCode,
                       BigDecimal latitude, BigDecimal longitude, String trafficSource, OffsetDateTime createdAt)
            implements ShopRow {

        @Override
        public Map<String, Object> stagingRow() {
            return row("id", id, "first_name", firstName, "last_name", lastName, "email", email, "age", age,
                    "gender", gender, "state", state, "street_address", streetAddress, "postal_code", postalCode,
                    "city", city, "country", country, "latitude", latitude, "longitude", longitude,
                    "traffic_source", trafficSource, "created_at", createdAt);
        }
    }

    public record Order(long id, long userId, String status, String gender, OffsetDateTime createdAt,
                        OffsetDateTime shippedAt, OffsetDateTime deliveredAt, OffsetDateTime returnedAt, int numOfItem)
            implements ShopRow {

        @Override
        public Map<String, Object> stagingRow() {
            return row("order_id", id, "user_id", userId, "status", status, "gender", gender,
                    "created_at", createdAt, "returned_at", returnedAt, "shipped_at", shippedAt,
                    "delivered_at", deliveredAt, "num_of_item", numOfItem);
        }
    }

    public record OrderItem(long id, long orderId, long userId, long productId, long inventoryItemId, String status,
                            OffsetDateTime createdAt, OffsetDateTime shippedAt, OffsetDateTime deliveredAt,
                            OffsetDateTime returnedAt, BigDecimal salePrice) implements ShopRow {

        /** The statuses whose sales the mart does not count as net sales. */
        public static final Set<String> NOT_NET_SALES = Set.of("Cancelled", "Returned");

        /** The sale price unless the item is cancelled or returned (the mart's net sales). */
        public BigDecimal netSalesAmount() {
            return NOT_NET_SALES.contains(status) ? BigDecimal.ZERO : salePrice;
        }

        @Override
        public Map<String, Object> stagingRow() {
            return row("id", id, "order_id", orderId, "user_id", userId, "product_id", productId,
                    "inventory_item_id", inventoryItemId, "status", status, "created_at", createdAt,
                    "shipped_at", shippedAt, "delivered_at", deliveredAt, "returned_at", returnedAt,
                    "sale_price", salePrice);
        }
    }

    /** A web event; {@code userId} null for an anonymous session. */
    public record Event(long id, Long userId, int sequenceNumber, UUID sessionId, OffsetDateTime createdAt,
                        String ipAddress, String city, String state, String postalCode, String browser,
                        String trafficSource, String uri, String eventType) implements ShopRow {

        @Override
        public Map<String, Object> stagingRow() {
            return row("id", id, "user_id", userId, "sequence_number", sequenceNumber, "session_id", sessionId,
                    "created_at", createdAt, "ip_address", ipAddress, "city", city, "state", state,
                    "postal_code", postalCode, "browser", browser, "traffic_source", trafficSource, "uri", uri,
                    "event_type", eventType);
        }
    }

    private final List<ShopRow> rows = new ArrayList<>();
    private final List<ShopRow> notLanded = new ArrayList<>();

    /** Adds rows of any entity, to be landed by the next {@link #landIn}. */
    public Shop add(ShopRow... added) {
        rows.addAll(Arrays.asList(added));
        notLanded.addAll(Arrays.asList(added));
        return this;
    }

    /** The rows of one kind ({@code Order.class}, ...), in the order they were added. */
    public <T extends ShopRow> List<T> rows(Class<T> kind) {
        return rows.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** Lands the rows added since the last call in one transaction, parents first (the catalog's load order). */
    public void landIn(StagingDatabase database) {
        List<ShopRow> due = new ArrayList<>(notLanded);
        due.sort(Comparator.comparing(ShopRow::entity)); // stable: the order of adding within an entity
        database.inTransaction(connection -> {
            for (ShopRow row : due) {
                database.land(connection, row.entity(), row.stagingRow());
            }
        });
        notLanded.clear();
    }

    /** A product with plain defaults (cost 5.00, SKU-id) at {@code distributionCenterId}. */
    public static Product simpleProduct(long id, String name, String brand, String category, String department,
                                        BigDecimal retailPrice, long distributionCenterId) {
        return new Product(id, new BigDecimal("5.00"), category, name, brand, retailPrice, department, "SKU-" + id,
                distributionCenterId);
    }

    /** A customer with plain defaults: first name "User", age 30, from the United States, created in 2020. */
    public static User simpleCustomer(long id, String gender) {
        return new User(id, "User", String.valueOf(id), id + "@example.com", 30, gender, "United States", null, null,
                null, null, null, null, "Search", OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
    }

    /**
     * Adds an order in {@code status} with one item per product given, each sold at the product's retail price
     * from a stock item of its own. Ids: items {@code orderId * 100 + n}, stock items {@code 500_000 + item id}.
     */
    public Order order(long orderId, long userId, Instant createdAt, String status, Product... itemProducts) {
        OffsetDateTime created = createdAt.atOffset(ZoneOffset.UTC);
        Order order = new Order(orderId, userId, status, user(userId).map(User::gender).orElse(null), created, null,
                null, null, itemProducts.length);
        add(order);
        for (int n = 0; n < itemProducts.length; n++) {
            Product product = itemProducts[n];
            long itemId = orderId * 100 + n;
            long stockId = 500_000 + itemId;
            add(new InventoryItem(stockId, product.id(), OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                            created, product.cost(), product),
                    new OrderItem(itemId, orderId, userId, product.id(), stockId, status, created, null, null, null,
                            product.retailPrice()));
        }
        return order;
    }

    /** Adds a page view of {@code type} (its URI is /type), from a fixed browser, place and address. */
    public Event event(long id, UUID sessionId, Long userId, int sequenceNumber, Instant createdAt, String type) {
        Event event = new Event(id, userId, sequenceNumber, sessionId, createdAt.atOffset(ZoneOffset.UTC),
                "10.0.0.1", "Memphis", "Tennessee", "38103", "Firefox", "Email", "/" + type, type);
        add(event);
        return event;
    }

    /** The items of one order, in the order they were added. */
    public List<OrderItem> itemsOf(Order order) {
        return rows(OrderItem.class).stream().filter(item -> item.orderId() == order.id()).toList();
    }

    public Product product(long id) {
        return rows(Product.class).stream().filter(product -> product.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the shop has no product " + id));
    }

    private Optional<User> user(long id) {
        return rows(User.class).stream().filter(user -> user.id() == id).findFirst();
    }
}
