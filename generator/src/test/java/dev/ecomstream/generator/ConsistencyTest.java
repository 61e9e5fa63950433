package dev.ecomstream.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.schema.ColumnDefinition;
import dev.ecomstream.schema.Entity;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads a generated set back and checks every reference and lifecycle rule across the seven files. */
class ConsistencyTest {

    private static final Set<String> SHIPPED = Set.of("Shipped", "Complete", "Returned");
    private static final Set<String> DELIVERED = Set.of("Complete", "Returned");

    @TempDir
    static Path temp;

    static Map<Entity, List<CSVRecord>> files = new HashMap<>();

    @BeforeAll
    static void generate() {
        GeneratedFiles.generate(temp, "--scale", "0.003", "--seed", "11");
        for (Entity entity : Entity.values()) {
            files.put(entity, GeneratedFiles.read(temp, entity));
        }
    }

    @Test
    void everyValueFitsItsCatalogType() {
        for (Entity entity : Entity.values()) {
            for (CSVRecord row : files.get(entity)) {
                assertThat(row.isConsistent()).as("%s line %d", entity, row.getRecordNumber() + 1).isTrue();
                for (ColumnDefinition column : entity.columns()) {
                    String value = row.get(column.name());
                    if (value.isEmpty()) {
                        assertThat(column.nullable()).as("%s.%s may not be empty", entity, column.name()).isTrue();
                    } else {
                        column.type().parseText(value);
                    }
                }
            }
        }
    }

    @Test
    void productsHaveADepartmentADistributionCenterAndAPlausibleMargin() {
        Set<String> centers = ids(Entity.DISTRIBUTION_CENTERS, "id");
        for (CSVRecord product : files.get(Entity.PRODUCTS)) {
            assertThat(product.get("department")).isIn("Men", "Women");
            assertThat(centers).contains(product.get("distribution_center_id"));
            double ratio = Double.parseDouble(product.get("cost")) / Double.parseDouble(product.get("retail_price"));
            assertThat(ratio).isBetween(0.3, 0.7);
        }
    }

    @Test
    void inventoryItemsCopyTheirProduct() {
        Map<String, CSVRecord> products = byKey(Entity.PRODUCTS, "id");
        for (CSVRecord item : files.get(Entity.INVENTORY_ITEMS)) {
            CSVRecord product = products.get(item.get("product_id"));
            assertThat(product).as("product of inventory item %s", item.get("id")).isNotNull();
            assertThat(item.get("cost")).isEqualTo(product.get("cost"));
            for (String column : List.of("category", "name", "brand", "retail_price", "department", "sku",
                    "distribution_center_id")) {
                assertThat(item.get("product_" + column)).as(column).isEqualTo(product.get(column));
            }
            if (!item.get("sold_at").isEmpty()) {
                assertThat(time(item.get("created_at"))).isBefore(time(item.get("sold_at")));
            }
        }
    }

    @Test
    void usersHaveAgesAndGendersOfTheDataset() {
        for (CSVRecord user : files.get(Entity.USERS)) {
            assertThat(Integer.parseInt(user.get("age"))).isBetween(12, 70);
            assertThat(user.get("gender")).isIn("M", "F");
            assertThat(user.get("user_geom")).startsWith("POINT(" + user.get("longitude") + " ");
        }
    }

    @Test
    void ordersBelongToUsersAndFollowTheStatusLifecycle() {
        Map<String, CSVRecord> users = byKey(Entity.USERS, "id");
        Map<String, Long> itemsPerOrder = files.get(Entity.ORDER_ITEMS).stream()
                .collect(Collectors.groupingBy(r -> r.get("order_id"), Collectors.counting()));
        for (CSVRecord order : files.get(Entity.ORDERS)) {
            CSVRecord user = users.get(order.get("user_id"));
            assertThat(user).as("user of order %s", order.get("order_id")).isNotNull();
            assertThat(order.get("gender")).isEqualTo(user.get("gender"));
            assertThat(Long.parseLong(order.get("num_of_item"))).isEqualTo(itemsPerOrder.get(order.get("order_id")));
            String status = order.get("status");
            assertThat(status).isIn("Processing", "Shipped", "Complete", "Returned", "Cancelled");
            assertThat(order.get("shipped_at").isEmpty()).as(status).isEqualTo(!SHIPPED.contains(status));
            assertThat(order.get("delivered_at").isEmpty()).as(status).isEqualTo(!DELIVERED.contains(status));
            assertThat(order.get("returned_at").isEmpty()).as(status).isEqualTo(!"Returned".equals(status));
            assertInOrder(order, "created_at", "shipped_at", "delivered_at", "returned_at");
            assertThat(time(order.get("created_at"))).isAfterOrEqualTo(time(user.get("created_at")));
        }
    }

    @Test
    void orderItemsReferToExistingRowsAndShareTheirOrdersStatus() {
        Map<String, CSVRecord> orders = byKey(Entity.ORDERS, "order_id");
        Map<String, CSVRecord> products = byKey(Entity.PRODUCTS, "id");
        Map<String, CSVRecord> inventory = byKey(Entity.INVENTORY_ITEMS, "id");
        Set<String> soldItems = new HashSet<>();
        for (CSVRecord item : files.get(Entity.ORDER_ITEMS)) {
            CSVRecord order = orders.get(item.get("order_id"));
            CSVRecord product = products.get(item.get("product_id"));
            CSVRecord stock = inventory.get(item.get("inventory_item_id"));
            assertThat(order).as("order of item %s", item.get("id")).isNotNull();
            assertThat(product).as("product of item %s", item.get("id")).isNotNull();
            assertThat(stock).as("inventory item of item %s", item.get("id")).isNotNull();
            assertThat(item.get("user_id")).isEqualTo(order.get("user_id"));
            assertThat(stock.get("product_id")).isEqualTo(item.get("product_id"));
            assertThat(stock.get("sold_at")).isNotEmpty();
            assertThat(new BigDecimal(item.get("sale_price"))).isEqualByComparingTo(product.get("retail_price"));
            assertThat(item.get("status")).isEqualTo(order.get("status"));
            for (String column : List.of("created_at", "shipped_at", "delivered_at", "returned_at")) {
                assertThat(instantOrNull(item.get(column))).as(column).isEqualTo(instantOrNull(order.get(column)));
            }
            // inventory_items.csv spells timestamps without a fraction, so compare whole seconds
            assertThat(time(stock.get("sold_at")))
                    .isEqualTo(time(order.get("created_at")).truncatedTo(ChronoUnit.SECONDS));
            assertThat(soldItems.add(item.get("inventory_item_id"))).as("inventory item sold twice").isTrue();
        }
        Set<String> soldInInventory = files.get(Entity.INVENTORY_ITEMS).stream()
                .filter(r -> !r.get("sold_at").isEmpty()).map(r -> r.get("id")).collect(Collectors.toSet());
        assertThat(soldInInventory).isEqualTo(soldItems);
    }

    @Test
    void eventsFormSessionsThatWalkTheFunnel() {
        Set<String> users = ids(Entity.USERS, "id");
        Map<String, List<CSVRecord>> sessions = files.get(Entity.EVENTS).stream()
                .collect(Collectors.groupingBy(r -> r.get("session_id"), LinkedHashMap::new, Collectors.toList()));
        long purchases = 0;
        long anonymous = 0;
        for (List<CSVRecord> session : sessions.values()) {
            String userId = session.get(0).get("user_id");
            assertThat(userId.isEmpty() || users.contains(userId)).as("user %s exists", userId).isTrue();
            assertThat(session.get(0).get("event_type")).isEqualTo("home");
            for (int i = 0; i < session.size(); i++) {
                CSVRecord event = session.get(i);
                assertThat(event.get("sequence_number")).isEqualTo(Integer.toString(i + 1));
                assertThat(event.get("user_id")).isEqualTo(userId);
                assertThat(event.get("event_type")).isIn("home", "department", "product", "cart", "purchase", "cancel");
                if (i > 0) {
                    assertThat(time(event.get("created_at"))).isAfter(time(session.get(i - 1).get("created_at")));
                }
                if (event.get("event_type").equals("purchase")) {
                    assertThat(userId).as("a purchase needs a user").isNotEmpty();
                    purchases++;
                }
            }
            anonymous += userId.isEmpty() ? 1 : 0;
        }
        assertThat(purchases).isEqualTo(files.get(Entity.ORDERS).size());
        assertThat(anonymous).isPositive();
    }

    private static void assertInOrder(CSVRecord row, String... columns) {
        Instant previous = null;
        for (String column : columns) {
            Instant current = instantOrNull(row.get(column));
            if (current != null) {
                if (previous != null) {
                    assertThat(current).as(column).isAfter(previous);
                }
                previous = current;
            }
        }
    }

    private static Map<String, CSVRecord> byKey(Entity entity, String column) {
        return files.get(entity).stream().collect(Collectors.toMap(r -> r.get(column), Function.identity()));
    }

    private static Set<String> ids(Entity entity, String column) {
        return byKey(entity, column).keySet();
    }

    private static Instant time(String text) {
        return (Instant) dev.ecomstream.schema.ColumnType.TIMESTAMPTZ.parseText(text);
    }

    private static Instant instantOrNull(String text) {
        return text.isEmpty() ? null : time(text);
    }
}
