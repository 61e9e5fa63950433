package dev.ecomstream.analysis;

import dev.ecomstream.testkit.Shop;
import dev.ecomstream.testkit.Shop.DistributionCenter;
import dev.ecomstream.testkit.Shop.Event;
import dev.ecomstream.testkit.Shop.InventoryItem;
import dev.ecomstream.testkit.Shop.Order;
import dev.ecomstream.testkit.Shop.OrderItem;
import dev.ecomstream.testkit.Shop.Product;
import dev.ecomstream.testkit.Shop.User;
import dev.ecomstream.testkit.ShopGenerator;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Each question's answer computed in Java from the rows the test landed ({@link ShopGenerator}), independently of
 * the SQL: same definitions (written in each query file's comment), different code. One method per query,
 * named like it; rows in the query's order.
 */
final class ExpectedAnswers {

    private static final Set<String> NOT_SOLD = Set.of("Cancelled", "Returned");

    private final Shop data;
    private final Map<Long, Product> products;
    private final Map<Long, InventoryItem> items;
    private final Map<Long, User> users;
    private final Map<Long, DistributionCenter> dcs;
    private final Map<UUID, List<Event>> sessions;

    ExpectedAnswers(Shop data) {
        this.data = data;
        this.products = index(data.rows(Product.class), Product::id);
        this.items = index(data.rows(InventoryItem.class), InventoryItem::id);
        this.users = index(data.rows(User.class), User::id);
        this.dcs = index(data.rows(DistributionCenter.class), DistributionCenter::id);
        this.sessions = data.rows(Event.class).stream().collect(Collectors.groupingBy(Event::sessionId, LinkedHashMap::new,
                Collectors.toList()));
    }

    /** The expected rows of every query, by name. */
    Map<String, List<List<Object>>> all() {
        Map<String, List<List<Object>>> answers = new LinkedHashMap<>();
        answers.put("users_count", usersCount());
        answers.put("users_by_gender", shares(data.rows(User.class), u -> u.gender()));
        answers.put("users_by_age_group", usersByAgeGroup());
        answers.put("users_by_country", shares(data.rows(User.class), User::country));
        answers.put("users_by_traffic_source", shares(data.rows(User.class), User::trafficSource));
        answers.put("users_without_orders", usersWithoutOrders());
        answers.put("orders_per_user", ordersPerUser());
        answers.put("items_per_order", itemsPerOrder());
        answers.put("monthly_orders_and_revenue", monthlyOrdersAndRevenue());
        answers.put("order_status_mix", shares(data.rows(Order.class), Order::status));
        answers.put("top_customers_by_spend", topCustomersBySpend());
        answers.put("fulfilment_days_by_country", fulfilmentDaysByCountry());
        answers.put("return_rate_by_category", returnRateByCategory());
        answers.put("events_by_type", shares(data.rows(Event.class), Event::eventType));
        answers.put("sessions_per_day", sessionsPerDay());
        answers.put("purchase_funnel", purchaseFunnel());
        answers.put("funnel_by_traffic_source", funnelByTrafficSource());
        answers.put("most_engaged_users", mostEngagedUsers());
        answers.put("events_by_browser", eventsByBrowser());
        answers.put("events_by_country", eventsByCountry());
        answers.put("products_count", productsCount());
        answers.put("top_selling_products", topSellingProducts());
        answers.put("revenue_and_margin_by_category", revenueAndMargin(p -> p.category(), Integer.MAX_VALUE));
        answers.put("revenue_and_margin_by_brand", revenueAndMargin(p -> p.brand(), 20));
        answers.put("products_never_sold", productsNeverSold());
        answers.put("average_price_by_category", averagePriceByCategory());
        answers.put("stock_on_hand_by_distribution_center", stockOnHand());
        answers.put("days_to_sell_by_distribution_center", daysToSell());
        answers.put("distribution_center_volumes", distributionCenterVolumes());
        answers.put("distribution_center_delivery_times", deliveryTimes());
        return answers;
    }

    /** The headline figures, as {@link HeadlineNumbers} should read them. */
    HeadlineNumbers headlineNumbers() {
        List<OrderItem> sold = netSold();
        long purchasing = sessions.values().stream().filter(events -> hasType(events, "purchase")).count();
        return new HeadlineNumbers(data.rows(User.class).size(), data.rows(Order.class).size(), sold.size(),
                money(sum(sold, OrderItem::salePrice)), sessions.size(), pct(purchasing, sessions.size()));
    }

    // ---- users

    private List<List<Object>> usersCount() {
        long withOrders = data.rows(Order.class).stream().map(Order::userId).distinct().count();
        long countries = data.rows(User.class).stream().map(User::country).filter(Objects::nonNull).distinct().count();
        return List.of(List.of((long) data.rows(User.class).size(), withOrders, countries));
    }

    private List<List<Object>> usersByAgeGroup() {
        Map<String, List<User>> byBand = data.rows(User.class).stream()
                .collect(Collectors.groupingBy(u -> ageBand(u.age()), Collectors.toList()));
        return byBand.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, List<User>> e) -> e.getValue().stream()
                        .map(User::age).filter(Objects::nonNull).min(Integer::compare).orElse(Integer.MAX_VALUE)))
                .map(e -> row(e.getKey(), (long) e.getValue().size(), pct(e.getValue().size(), data.rows(User.class).size())))
                .toList();
    }

    private static String ageBand(Integer age) {
        if (age == null) {
            return "unknown";
        }
        int[] upper = {18, 25, 35, 45, 55, 65};
        String[] names = {"under 18", "18-24", "25-34", "35-44", "45-54", "55-64"};
        for (int i = 0; i < upper.length; i++) {
            if (age < upper[i]) {
                return names[i];
            }
        }
        return "65 and over";
    }

    private List<List<Object>> usersWithoutOrders() {
        Set<Long> ordering = data.rows(Order.class).stream().map(Order::userId).collect(Collectors.toSet());
        return groupSorted(data.rows(User.class), User::trafficSource).entrySet().stream()
                .map(e -> {
                    long without = e.getValue().stream().filter(u -> !ordering.contains(u.id())).count();
                    return row(e.getKey(), (long) e.getValue().size(), without, pct(without, e.getValue().size()));
                })
                .toList();
    }

    // ---- orders

    private List<List<Object>> ordersPerUser() {
        return childrenPerParent(data.rows(Order.class), Order::userId, data.rows(User.class), User::id);
    }

    private List<List<Object>> itemsPerOrder() {
        return childrenPerParent(data.rows(OrderItem.class), OrderItem::orderId, data.rows(Order.class), Order::id);
    }

    /** How many parents have 0, 1, 2, ... children: one row (children, parents) per count, ascending. */
    private static <C, P> List<List<Object>> childrenPerParent(List<C> children, Function<C, Long> parentOfChild,
            List<P> parents, Function<P, Long> idOfParent) {
        Map<Long, Long> perParent = children.stream().collect(Collectors.groupingBy(parentOfChild,
                Collectors.counting()));
        TreeMap<Long, Long> histogram = new TreeMap<>();
        for (P parent : parents) {
            histogram.merge(perParent.getOrDefault(idOfParent.apply(parent), 0L), 1L, Long::sum);
        }
        return histogram.entrySet().stream().map(e -> row(e.getKey(), e.getValue())).toList();
    }

    private List<List<Object>> monthlyOrdersAndRevenue() {
        DateTimeFormatter month = DateTimeFormatter.ofPattern("yyyy-MM");
        Map<Long, String> orderMonth = data.rows(Order.class).stream()
                .collect(Collectors.toMap(Order::id, o -> month.format(utc(o.createdAt()))));
        TreeMap<String, List<Order>> orders = new TreeMap<>(data.rows(Order.class).stream()
                .collect(Collectors.groupingBy(o -> orderMonth.get(o.id()))));
        List<List<Object>> rows = new ArrayList<>();
        for (Map.Entry<String, List<Order>> entry : orders.entrySet()) {
            List<OrderItem> monthItems = data.rows(OrderItem.class).stream()
                    .filter(i -> orderMonth.get(i.orderId()).equals(entry.getKey())).toList();
            BigDecimal revenue = sum(monthItems.stream().filter(this::isNetSale).toList(), OrderItem::salePrice);
            rows.add(row(entry.getKey(), (long) entry.getValue().size(), (long) monthItems.size(), money(revenue)));
        }
        return rows;
    }

    private List<List<Object>> topCustomersBySpend() {
        Map<Long, List<OrderItem>> byUser = netSold().stream().collect(Collectors.groupingBy(this::customerOf));
        return byUser.entrySet().stream()
                .map(e -> {
                    User user = users.get(e.getKey());
                    long orders = e.getValue().stream().map(OrderItem::orderId).distinct().count();
                    return row(user.id(), "Customer " + user.id(), user.country(), orders,
                            money(sum(e.getValue(), OrderItem::salePrice)));
                })
                .sorted(Comparator.comparing((List<Object> r) -> (BigDecimal) r.get(4)).reversed()
                        .thenComparing(r -> (Long) r.get(0)))
                .limit(10)
                .toList();
    }

    private List<List<Object>> fulfilmentDaysByCountry() {
        List<Order> delivered = data.rows(Order.class).stream().filter(o -> o.deliveredAt() != null).toList();
        return groupSorted(delivered, o -> users.get(o.userId()).country()).entrySet().stream()
                .map(e -> {
                    List<Long> seconds = e.getValue().stream()
                            .map(o -> seconds(o.createdAt(), o.deliveredAt())).toList();
                    return row(e.getKey(), (long) seconds.size(), averageDays(seconds), maxDays(seconds));
                })
                .toList();
    }

    private List<List<Object>> returnRateByCategory() {
        List<OrderItem> notCancelled = data.rows(OrderItem.class).stream()
                .filter(i -> !i.status().equals("Cancelled")).toList();
        return groupSorted(notCancelled, i -> productOf(i).category()).entrySet().stream()
                .map(e -> {
                    long returned = e.getValue().stream().filter(i -> i.returnedAt() != null).count();
                    return row(e.getKey(), (long) e.getValue().size(), returned, pct(returned, e.getValue().size()));
                })
                .sorted(Comparator.comparing((List<Object> r) -> (BigDecimal) r.get(3)).reversed()
                        .thenComparing(r -> (String) r.get(0)))
                .toList();
    }

    // ---- events

    private List<List<Object>> sessionsPerDay() {
        TreeMap<LocalDate, List<List<Event>>> byDay = new TreeMap<>(sessions.values().stream()
                .collect(Collectors.groupingBy(events -> events.stream().map(Event::createdAt)
                        .min(Comparator.naturalOrder()).map(at -> utc(at).toLocalDate()).orElseThrow())));
        return byDay.entrySet().stream()
                .map(e -> row(e.getKey(), (long) e.getValue().size(),
                        e.getValue().stream().filter(events -> events.get(0).userId() != null).count()))
                .toList();
    }

    private List<List<Object>> purchaseFunnel() {
        List<List<Object>> rows = new ArrayList<>();
        long home = 0;
        long previous = 0;
        for (int step = 0; step < ShopGenerator.FUNNEL.size(); step++) {
            String type = ShopGenerator.FUNNEL.get(step);
            long reached = sessions.values().stream().filter(events -> hasType(events, type)).count();
            if (step == 0) {
                home = reached;
            }
            rows.add(row(step + 1, type, reached, home == 0 ? null : pct(reached, home),
                    step == 0 || previous == 0 ? null : pct(reached, previous)));
            previous = reached;
        }
        return rows;
    }

    private List<List<Object>> funnelByTrafficSource() {
        return groupSorted(new ArrayList<>(sessions.values()), events -> events.get(0).trafficSource()).entrySet()
                .stream()
                .map(e -> {
                    List<Object> row = new ArrayList<>();
                    row.add(e.getKey());
                    row.add((long) e.getValue().size());
                    for (String type : ShopGenerator.FUNNEL) {
                        row.add(e.getValue().stream().filter(events -> hasType(events, type)).count());
                    }
                    row.add(pct((Long) row.get(6), e.getValue().size()));
                    return row;
                })
                .sorted(Comparator.comparing((List<Object> r) -> (BigDecimal) r.get(7)).reversed()
                        .thenComparing(r -> (String) r.get(0)))
                .toList();
    }

    private List<List<Object>> mostEngagedUsers() {
        Map<Long, List<Event>> byUser = data.rows(Event.class).stream().filter(e -> e.userId() != null)
                .collect(Collectors.groupingBy(Event::userId));
        return byUser.entrySet().stream()
                .map(e -> {
                    User user = users.get(e.getKey());
                    long sessionCount = e.getValue().stream().map(Event::sessionId).distinct().count();
                    long purchases = e.getValue().stream().filter(ev -> ev.eventType().equals("purchase")).count();
                    return row(user.id(), "Customer " + user.id(), sessionCount,
                            (long) e.getValue().size(), purchases);
                })
                .sorted(Comparator.comparing((List<Object> r) -> (Long) r.get(3)).reversed()
                        .thenComparing(Comparator.comparing((List<Object> r) -> (Long) r.get(2)).reversed())
                        .thenComparing(r -> (Long) r.get(0)))
                .limit(10)
                .toList();
    }

    private List<List<Object>> eventsByBrowser() {
        return groupSorted(data.rows(Event.class), Event::browser).entrySet().stream()
                .map(e -> row(e.getKey(), (long) e.getValue().size(), distinctSessions(e.getValue()),
                        pct(e.getValue().size(), data.rows(Event.class).size())))
                .sorted(byCountThenName(1))
                .toList();
    }

    private List<List<Object>> eventsByCountry() {
        return groupSorted(data.rows(Event.class), e -> e.userId() == null ? "anonymous" : orUnknown(users.get(e.userId())
                .country())).entrySet().stream()
                .map(e -> row(e.getKey(), (long) e.getValue().size(), distinctSessions(e.getValue())))
                .sorted(byCountThenName(1))
                .toList();
    }

    // ---- products

    private List<List<Object>> productsCount() {
        return List.of(row((long) data.rows(Product.class).size(),
                data.rows(Product.class).stream().map(Product::brand).distinct().count(),
                data.rows(Product.class).stream().map(Product::category).distinct().count(),
                data.rows(Product.class).stream().map(Product::department).distinct().count()));
    }

    private List<List<Object>> topSellingProducts() {
        Map<Long, List<OrderItem>> byProduct = netSold().stream()
                .collect(Collectors.groupingBy(i -> productOf(i).id()));
        return byProduct.entrySet().stream()
                .map(e -> {
                    Product p = products.get(e.getKey());
                    return row(p.id(), p.name(), p.brand(), p.category(), (long) e.getValue().size(),
                            money(sum(e.getValue(), OrderItem::salePrice)));
                })
                .sorted(Comparator.comparing((List<Object> r) -> (Long) r.get(4)).reversed()
                        .thenComparing(Comparator.comparing((List<Object> r) -> (BigDecimal) r.get(5)).reversed())
                        .thenComparing(r -> (Long) r.get(0)))
                .limit(10)
                .toList();
    }

    private List<List<Object>> revenueAndMargin(Function<Product, String> dimension, int limit) {
        return groupSorted(netSold(), i -> dimension.apply(productOf(i))).entrySet().stream()
                .map(e -> {
                    BigDecimal revenue = sum(e.getValue(), OrderItem::salePrice);
                    BigDecimal cost = sum(e.getValue(), this::costOf);
                    BigDecimal margin = revenue.subtract(cost);
                    return row(e.getKey(), (long) e.getValue().size(), money(revenue), money(cost), money(margin),
                            margin.multiply(BigDecimal.valueOf(100)).divide(revenue, 2, RoundingMode.HALF_UP));
                })
                .sorted(Comparator.comparing((List<Object> r) -> (BigDecimal) r.get(2)).reversed()
                        .thenComparing(r -> (String) r.get(0)))
                .limit(limit)
                .toList();
    }

    private List<List<Object>> productsNeverSold() {
        Set<Long> sold = data.rows(OrderItem.class).stream().filter(i -> !i.status().equals("Cancelled"))
                .map(i -> productOf(i).id()).collect(Collectors.toSet());
        return groupSorted(data.rows(Product.class), Product::category).entrySet().stream()
                .map(e -> {
                    long never = e.getValue().stream().filter(p -> !sold.contains(p.id())).count();
                    return row(e.getKey(), (long) e.getValue().size(), never, pct(never, e.getValue().size()));
                })
                .sorted(byCountThenName(2))
                .toList();
    }

    private List<List<Object>> averagePriceByCategory() {
        return groupSorted(data.rows(Product.class), Product::category).entrySet().stream()
                .map(e -> {
                    List<Product> ps = e.getValue();
                    BigDecimal n = BigDecimal.valueOf(ps.size());
                    return row(e.getKey(), (long) ps.size(),
                            sum(ps, Product::retailPrice).divide(n, 2, RoundingMode.HALF_UP),
                            money(ps.stream().map(Product::retailPrice).min(Comparator.naturalOrder()).orElseThrow()),
                            money(ps.stream().map(Product::retailPrice).max(Comparator.naturalOrder()).orElseThrow()),
                            sum(ps, Product::cost).divide(n, 2, RoundingMode.HALF_UP));
                })
                .sorted(Comparator.comparing((List<Object> r) -> (BigDecimal) r.get(2)).reversed()
                        .thenComparing(r -> (String) r.get(0)))
                .toList();
    }

    // ---- inventory and distribution centers

    private List<List<Object>> stockOnHand() {
        return data.rows(DistributionCenter.class).stream()
                .map(dc -> {
                    List<InventoryItem> stock = data.rows(InventoryItem.class).stream()
                            .filter(i -> i.soldAt() == null && dcOf(i) == dc).toList();
                    return row(dc.name(), (long) stock.size(),
                            money(sum(stock, i -> i.cost() != null ? i.cost() : products.get(i.productId()).cost())),
                            money(sum(stock, i -> products.get(i.productId()).retailPrice())));
                })
                .sorted(byCountThenName(1))
                .toList();
    }

    private List<List<Object>> daysToSell() {
        return data.rows(DistributionCenter.class).stream()
                .map(dc -> {
                    List<Long> seconds = data.rows(InventoryItem.class).stream()
                            .filter(i -> i.soldAt() != null && i.createdAt() != null && dcOf(i) == dc)
                            .map(i -> seconds(i.createdAt(), i.soldAt())).toList();
                    return row(dc.name(), (long) seconds.size(), averageDays(seconds), maxDays(seconds));
                })
                .sorted(Comparator.comparing((List<Object> r) -> (BigDecimal) r.get(2),
                                Comparator.nullsFirst(Comparator.<BigDecimal>naturalOrder())).reversed()
                        .thenComparing(r -> (String) r.get(0)))
                .toList();
    }

    private List<List<Object>> distributionCenterVolumes() {
        return data.rows(DistributionCenter.class).stream()
                .map(dc -> {
                    List<OrderItem> shipped = data.rows(OrderItem.class).stream()
                            .filter(i -> i.shippedAt() != null && dcOf(items.get(i.inventoryItemId())) == dc).toList();
                    return row(dc.name(), shipped.stream().map(OrderItem::orderId).distinct().count(),
                            (long) shipped.size(), money(sum(shipped, OrderItem::salePrice)));
                })
                .sorted(byCountThenName(2))
                .toList();
    }

    private List<List<Object>> deliveryTimes() {
        List<OrderItem> delivered = data.rows(OrderItem.class).stream().filter(i -> i.deliveredAt() != null).toList();
        return groupSorted(delivered, i -> dcOf(items.get(i.inventoryItemId())).name()).entrySet().stream()
                .map(e -> {
                    List<OrderItem> is = e.getValue();
                    return row(e.getKey(), (long) is.size(),
                            averageDays(is.stream().map(i -> seconds(i.createdAt(), i.shippedAt())).toList()),
                            averageDays(is.stream().map(i -> seconds(i.shippedAt(), i.deliveredAt())).toList()),
                            averageDays(is.stream().map(i -> seconds(i.createdAt(), i.deliveredAt())).toList()));
                })
                .sorted(Comparator.comparing((List<Object> r) -> (BigDecimal) r.get(4))
                        .thenComparing(r -> (String) r.get(0)))
                .toList();
    }

    // ---- shared definitions

    /** Items sold net: neither cancelled nor returned. */
    private List<OrderItem> netSold() {
        return data.rows(OrderItem.class).stream().filter(this::isNetSale).toList();
    }

    private boolean isNetSale(OrderItem item) {
        return !NOT_SOLD.contains(item.status());
    }

    /** The customer of an item is its order's user (core keeps the user on the order only). */
    private long customerOf(OrderItem item) {
        return data.rows(Order.class).get((int) item.orderId() - 1).userId();
    }

    /** The product of an item is its inventory item's. */
    private Product productOf(OrderItem item) {
        return products.get(items.get(item.inventoryItemId()).productId());
    }

    private BigDecimal costOf(OrderItem item) {
        InventoryItem inventoryItem = items.get(item.inventoryItemId());
        return inventoryItem.cost() != null ? inventoryItem.cost() : products.get(inventoryItem.productId()).cost();
    }

    private DistributionCenter dcOf(InventoryItem item) {
        return dcs.get(products.get(item.productId()).distributionCenterId());
    }

    private static boolean hasType(List<Event> events, String type) {
        return events.stream().anyMatch(e -> type.equals(e.eventType()));
    }

    private static long distinctSessions(List<Event> events) {
        return events.stream().map(Event::sessionId).distinct().count();
    }

    /** Count and share per value (null as 'unknown'), most first, ties by name: the *_by_* share queries. */
    private static <T> List<List<Object>> shares(List<T> rows, Function<T, String> key) {
        return groupSorted(rows, key).entrySet().stream()
                .map(e -> row(e.getKey(), (long) e.getValue().size(), pct(e.getValue().size(), rows.size())))
                .sorted(byCountThenName(1))
                .toList();
    }

    /** Groups by a text key (null as 'unknown'), keys in code point order like the C collation. */
    private static <T> TreeMap<String, List<T>> groupSorted(List<T> rows, Function<T, String> key) {
        return rows.stream().collect(Collectors.groupingBy(r -> orUnknown(key.apply(r)), TreeMap::new,
                Collectors.toList()));
    }

    private static Comparator<List<Object>> byCountThenName(int countColumn) {
        return Comparator.comparing((List<Object> r) -> (Long) r.get(countColumn)).reversed()
                .thenComparing(r -> (String) r.get(0));
    }

    private static String orUnknown(String value) {
        return value == null ? "unknown" : value;
    }

    private static <T> BigDecimal sum(List<T> rows, Function<T, BigDecimal> value) {
        return rows.stream().map(value).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static BigDecimal money(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP);
    }

    private static BigDecimal pct(long part, long whole) {
        return BigDecimal.valueOf(part * 100).divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP);
    }

    private static long seconds(OffsetDateTime from, OffsetDateTime to) {
        return Duration.between(from, to).getSeconds();
    }

    private static BigDecimal averageDays(List<Long> seconds) {
        if (seconds.isEmpty()) {
            return null;
        }
        long total = seconds.stream().mapToLong(Long::longValue).sum();
        return BigDecimal.valueOf(total).divide(BigDecimal.valueOf(86400L * seconds.size()), 2, RoundingMode.HALF_UP);
    }

    private static BigDecimal maxDays(List<Long> seconds) {
        return seconds.stream().max(Long::compare)
                .map(max -> BigDecimal.valueOf(max).divide(BigDecimal.valueOf(86400), 2, RoundingMode.HALF_UP))
                .orElse(null);
    }

    private static OffsetDateTime utc(OffsetDateTime at) {
        return at.withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static List<Object> row(Object... values) {
        List<Object> row = new ArrayList<>(values.length);
        java.util.Collections.addAll(row, values);
        return row;
    }

    private static <T, K> Map<K, T> index(List<T> rows, Function<T, K> key) {
        Map<K, T> index = new HashMap<>();
        for (T row : rows) {
            index.put(key.apply(row), row);
        }
        return index;
    }
}
