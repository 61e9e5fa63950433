package dev.ecomstream.testkit;

import dev.ecomstream.testkit.Shop.DistributionCenter;
import dev.ecomstream.testkit.Shop.Event;
import dev.ecomstream.testkit.Shop.InventoryItem;
import dev.ecomstream.testkit.Shop.Order;
import dev.ecomstream.testkit.Shop.OrderItem;
import dev.ecomstream.testkit.Shop.Product;
import dev.ecomstream.testkit.Shop.User;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A small shop, generated from a seed: the known dataset the analysis tests load into staging and compute
 * their expected answers from. Every value is clean (no cleaning rule applies) and every reference holds,
 * so what lands in core is exactly these rows; the quirks the data covers are the ones the questions must
 * handle: users without orders, a user without an age or a country, anonymous sessions, sessions that skip
 * funnel steps, a distribution center without products, unsold stock, cancelled and returned items.
 */
public final class ShopGenerator {

    public static final List<String> FUNNEL = List.of("home", "department", "product", "cart", "purchase");

    private static final String[] CATEGORIES = {"Jeans", "Tops", "Swim", "Socks", "Outerwear"};
    private static final String[] BRANDS = {"Carhartt", "Columbia", "Levi's", "Nike", "Orvis", "Ariat"};
    private static final String[] COUNTRIES = {"United States", "China", "Brasil", "Germany", "Japan"};
    private static final String[] TRAFFIC_SOURCES = {"Search", "Organic", "Facebook", "Email", "Display"};
    private static final String[] BROWSERS = {"Chrome", "Firefox", "Safari", "Edge", "IE"};
    private static final String[] STATUSES = {"Processing", "Shipped", "Complete", "Returned", "Cancelled"};
    private static final OffsetDateTime USERS_FROM = OffsetDateTime.of(2023, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final OffsetDateTime ORDERS_FROM = OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private ShopGenerator() {
    }

    /** The same shop for the same seed. */
    public static Shop generate(long seed) {
        Random random = new Random(seed);
        List<DistributionCenter> dcs = List.of(
                new DistributionCenter(1, "Memphis TN", new BigDecimal("35.1174"), new BigDecimal("-89.9711")),
                new DistributionCenter(2, "Chicago IL", new BigDecimal("41.8369"), new BigDecimal("-87.6847")),
                new DistributionCenter(3, "Houston TX", new BigDecimal("29.7604"), new BigDecimal("-95.3698")),
                // no products: must still show, with zero stock and zero shipments
                new DistributionCenter(4, "Savannah GA", new BigDecimal("32.0809"), new BigDecimal("-81.0912")));

        List<Product> products = new ArrayList<>();
        for (long id = 1; id <= 24; id++) {
            BigDecimal retail = BigDecimal.valueOf(990 + random.nextInt(20000), 2);
            BigDecimal cost = retail.multiply(BigDecimal.valueOf(30 + random.nextInt(40), 2))
                    .setScale(4, RoundingMode.HALF_UP);
            String brand = BRANDS[random.nextInt(BRANDS.length)];
            String category = CATEGORIES[random.nextInt(CATEGORIES.length)];
            products.add(new Product(id, cost, category, brand + " " + category + " #" + id, brand, retail,
                    random.nextBoolean() ? "Men" : "Women", "sku-" + id, 1 + random.nextInt(3)));
        }

        List<User> users = new ArrayList<>();
        for (long id = 1; id <= 40; id++) {
            Integer age = id == 7 ? null : 12 + random.nextInt(60);
            String country = id == 11 ? null : COUNTRIES[random.nextInt(COUNTRIES.length)];
            users.add(new User(id, "First" + id, "Last" + id, "user" + id + "@example.com", age,
                    random.nextBoolean() ? "M" : "F", country, "State" + random.nextInt(4), "City" + random.nextInt(6),
                    "1 Main Street", "12345", null, null, TRAFFIC_SOURCES[random.nextInt(TRAFFIC_SOURCES.length)],
                    USERS_FROM.plusSeconds(random.nextInt(300 * 86400))));
        }

        List<InventoryItem> items = new ArrayList<>();
        List<Order> orders = new ArrayList<>();
        List<OrderItem> orderItems = new ArrayList<>();
        for (User user : users) {
            // about a quarter of the users never order
            int orderCount = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(3);
            for (int o = 0; o < orderCount; o++) {
                long orderId = orders.size() + 1;
                String status = STATUSES[random.nextInt(STATUSES.length)];
                OffsetDateTime created = ORDERS_FROM.plusSeconds(random.nextInt(180 * 86400));
                boolean shippedStatus = !status.equals("Processing") && !status.equals("Cancelled");
                OffsetDateTime shipped = shippedStatus ? created.plusSeconds(3600 + random.nextInt(3 * 86400)) : null;
                boolean delivered = status.equals("Complete") || status.equals("Returned");
                OffsetDateTime deliveredAt = delivered ? shipped.plusSeconds(86400 + random.nextInt(6 * 86400)) : null;
                OffsetDateTime returnedAt = status.equals("Returned")
                        ? deliveredAt.plusSeconds(86400 + random.nextInt(10 * 86400)) : null;
                int itemCount = 1 + random.nextInt(4);
                for (int i = 0; i < itemCount; i++) {
                    Product product = products.get(random.nextInt(products.size()));
                    long itemId = items.size() + 1;
                    items.add(new InventoryItem(itemId, product.id(),
                            created.minusSeconds(86400 + random.nextInt(200 * 86400)), created,
                            product.cost().multiply(BigDecimal.valueOf(90 + random.nextInt(21), 2))
                                    .setScale(4, RoundingMode.HALF_UP), product));
                    // now and then one item of a complete order comes back on its own
                    boolean itemReturned = status.equals("Complete") && i == itemCount - 1 && itemCount > 1
                            && random.nextInt(3) == 0;
                    orderItems.add(new OrderItem(orderItems.size() + 1, orderId, user.id(), product.id(), itemId,
                            itemReturned ? "Returned" : status, created, shipped, deliveredAt,
                            itemReturned ? deliveredAt.plus(Duration.ofDays(2)) : returnedAt, product.retailPrice()));
                }
                orders.add(new Order(orderId, user.id(), status, user.gender(), created, shipped, deliveredAt,
                        returnedAt, itemCount));
            }
        }
        // stock that has not sold (yet); product 24 has none at all
        for (Product product : products.subList(0, products.size() - 1)) {
            int unsold = random.nextInt(4);
            for (int i = 0; i < unsold; i++) {
                items.add(new InventoryItem(items.size() + 1, product.id(),
                        ORDERS_FROM.plusSeconds(random.nextInt(180 * 86400)), null,
                        random.nextInt(5) == 0 ? null : product.cost(), product));
            }
        }

        List<Event> events = new ArrayList<>();
        int sessions = 90;
        for (int s = 0; s < sessions; s++) {
            // one session in six is anonymous
            User user = s % 6 == 5 ? null : users.get(random.nextInt(users.size()));
            UUID sessionId = new UUID(random.nextLong(), random.nextLong());
            OffsetDateTime start = ORDERS_FROM.plusSeconds(random.nextInt(20 * 86400));
            String browser = BROWSERS[random.nextInt(BROWSERS.length)];
            String source = TRAFFIC_SOURCES[random.nextInt(TRAFFIC_SOURCES.length)];
            String ip = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
            // most sessions start at home; some land on a department or product page from outside
            int firstStep = random.nextInt(5) == 0 ? 1 + random.nextInt(2) : 0;
            int lastStep = firstStep + random.nextInt(FUNNEL.size() - firstStep);
            List<String> types = new ArrayList<>(FUNNEL.subList(firstStep, lastStep + 1));
            if (random.nextInt(4) == 0) {
                types.add(2 <= types.size() ? 1 : 0, "product"); // a second product view
            }
            if (lastStep == 3 && random.nextBoolean()) {
                types.add("cancel");
            }
            for (int i = 0; i < types.size(); i++) {
                String type = types.get(i);
                events.add(new Event(events.size() + 1, user == null ? null : user.id(), i + 1, sessionId,
                        start.plusSeconds(60L * i + random.nextInt(50)), ip, "City" + s % 5, "State" + s % 3,
                        "0" + (1000 + s), browser, source, "/" + type, type));
            }
        }
        Shop shop = new Shop();
        // one list per entity, each in id order
        List<List<? extends Shop.ShopRow>> entities = List.of(dcs, products, items, users, orders, orderItems, events);
        entities.forEach(rows -> rows.forEach(shop::add));
        return shop;
    }
}
