package dev.ecomstream.generator.entities;

import dev.ecomstream.generator.output.CsvOutput;
import dev.ecomstream.generator.random.RandomValues;
import dev.ecomstream.generator.random.Weighted;
import dev.ecomstream.generator.reference.ProductCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Places a user's orders: for each, the order row, its items, and the inventory item each item sold.
 * Users buy from their own department (Women for F, Men for M), as in TheLook.
 */
public final class OrderGenerator {

    /** Orders per user: about 1.24 on average, as 125,000 orders over 100,000 users. */
    private static final Weighted<Integer> ORDERS_PER_USER = Weighted.<Integer>builder()
            .add(0, 31).add(1, 36).add(2, 17).add(3, 10).add(4, 6).build();
    /** Items per order: about 1.46 on average, as 180,000 items over 125,000 orders. */
    private static final Weighted<Integer> ITEMS_PER_ORDER = Weighted.<Integer>builder()
            .add(1, 65).add(2, 26).add(3, 7).add(4, 2).build();

    private final ProductGenerator products;
    private final InventoryItems inventory;
    private final CsvOutput orders;
    private final CsvOutput orderItems;
    private long nextOrderId = 1;
    private long nextItemId = 1;

    public OrderGenerator(ProductGenerator products, InventoryItems inventory, CsvOutput orders,
                          CsvOutput orderItems) {
        this.products = products;
        this.inventory = inventory;
        this.orders = orders;
        this.orderItems = orderItems;
    }

    /** Places and writes the user's orders, oldest first. */
    public List<Order> placeOrders(User user, SplittableRandom random) {
        int count = ORDERS_PER_USER.pick(random);
        List<Order> placed = new ArrayList<>(count);
        long after = user.createdAt();
        for (int i = 0; i < count; i++) {
            // each order comes after the previous one; later orders fit in what is left of the timeline
            long latest = Math.max(after, after + (Timeline.END - after) / 2);
            long createdAt = RandomValues.timestampMicros(random, after, latest);
            placed.add(place(user, random, createdAt));
            after = createdAt + Timeline.MINUTE;
        }
        return placed;
    }

    private Order place(User user, SplittableRandom random, long createdAt) {
        OrderStatus status = OrderStatus.WEIGHTED.pick(random);
        long shippedAt = status.shipped()
                ? RandomValues.timestampMicros(random, createdAt + Timeline.HOUR, createdAt + 3 * Timeline.DAY)
                : Order.NONE;
        long deliveredAt = status.delivered()
                ? RandomValues.timestampMicros(random, shippedAt + Timeline.DAY, shippedAt + 5 * Timeline.DAY)
                : Order.NONE;
        long returnedAt = status.returned()
                ? RandomValues.timestampMicros(random, deliveredAt + Timeline.DAY, deliveredAt + 14 * Timeline.DAY)
                : Order.NONE;
        int itemCount = ITEMS_PER_ORDER.pick(random);
        List<Product> bought = new ArrayList<>(itemCount);
        for (int i = 0; i < itemCount; i++) {
            bought.add(products.randomProduct(random, user.male() ? ProductCatalog.MEN : ProductCatalog.WOMEN));
        }
        Order order = new Order(nextOrderId++, user, status, createdAt, shippedAt, deliveredAt, returnedAt,
                List.copyOf(bought));
        writeOrder(order);
        for (Product product : bought) {
            writeItem(order, product, inventory.sold(random, product, createdAt));
        }
        return order;
    }

    private void writeOrder(Order order) {
        orders.set("order_id", order.id())
                .set("user_id", order.user().id())
                .set("status", order.status().label())
                .set("gender", order.user().gender())
                .set("num_of_item", order.products().size());
        setTimestamps(orders, order);
        orders.endRow();
    }

    private void writeItem(Order order, Product product, long inventoryItemId) {
        orderItems.set("id", nextItemId++)
                .set("order_id", order.id())
                .set("user_id", order.user().id())
                .set("product_id", product.id())
                .set("inventory_item_id", inventoryItemId)
                .set("status", order.status().label())
                .setDecimal("sale_price", product.retailPrice());
        setTimestamps(orderItems, order);
        orderItems.endRow();
    }

    /** Orders and order items carry the same four timestamps under the same names. */
    private static void setTimestamps(CsvOutput out, Order order) {
        out.setTimestamp("created_at", order.createdAt());
        setIfPresent(out, "shipped_at", order.shippedAt());
        setIfPresent(out, "delivered_at", order.deliveredAt());
        setIfPresent(out, "returned_at", order.returnedAt());
    }

    private static void setIfPresent(CsvOutput out, String column, long micros) {
        if (micros != Order.NONE) {
            out.setTimestamp(column, micros);
        }
    }
}
