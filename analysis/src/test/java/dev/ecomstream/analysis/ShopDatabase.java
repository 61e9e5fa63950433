package dev.ecomstream.analysis;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.schema.SchemaMigrator;
import dev.ecomstream.schema.normalise.NormaliserRun;
import dev.ecomstream.schema.normalise.NormaliserRunner;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The known shop ({@link ShopData}) in a database of its own on the dev stack: landed in staging as the
 * sink would land it (Kafka coordinates included), then normalised into core, so the queries read what a
 * real pipeline produces. Built once per test JVM and shared, since no test writes to it.
 */
final class ShopDatabase {

    static final long SEED = 20240601L;
    static final String NAME = "analysis_shop";

    private static ShopDatabase shared;

    private final ShopData data;
    private final DataSource dataSource;

    private ShopDatabase(ShopData data, DataSource dataSource) {
        this.data = data;
        this.dataSource = dataSource;
    }

    static synchronized ShopDatabase shared(DevStack stack) {
        if (shared == null) {
            shared = create(stack);
        }
        return shared;
    }

    ShopData data() {
        return data;
    }

    DataSource dataSource() {
        return dataSource;
    }

    private static ShopDatabase create(DevStack stack) {
        // C collation: text then sorts by code point in PostgreSQL as in Java, whatever the machine's locale,
        // so the tests can compute the ORDER BY of ties on names themselves
        try (Connection connection = stack.postgres().dataSource("postgres").getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + NAME);
            statement.execute("CREATE DATABASE " + NAME + " TEMPLATE template0 ENCODING 'UTF8' "
                    + "LC_COLLATE 'C' LC_CTYPE 'C'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + NAME + ": " + e.getMessage(), e);
        }
        DataSource dataSource = stack.postgres().dataSource(NAME);
        SchemaMigrator.migrate(dataSource);
        ShopData data = ShopData.generate(SEED);
        land(dataSource, data);
        NormaliserRun run = new NormaliserRunner(dataSource).runUntilCaughtUp(Duration.ofSeconds(60));
        if (!run.caughtUp() || run.pending() > 0) {
            throw new IllegalStateException("the shop did not normalise completely: " + run);
        }
        return new ShopDatabase(data, dataSource);
    }

    private static void land(DataSource dataSource, ShopData data) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            land(connection, Entity.DISTRIBUTION_CENTERS, data.distributionCenters(), dc -> row(
                    "id", dc.id(), "name", dc.name(), "latitude", dc.latitude(), "longitude", dc.longitude()));
            land(connection, Entity.PRODUCTS, data.products(), p -> row(
                    "id", p.id(), "cost", p.cost(), "category", p.category(), "name", p.name(), "brand", p.brand(),
                    "retail_price", p.retailPrice(), "department", p.department(), "sku", p.sku(),
                    "distribution_center_id", p.distributionCenterId()));
            Map<Long, ShopData.Product> products = data.products().stream()
                    .collect(Collectors.toMap(ShopData.Product::id, Function.identity()));
            land(connection, Entity.INVENTORY_ITEMS, data.inventoryItems(), i -> {
                ShopData.Product p = products.get(i.productId());
                // the repeated product attributes agree with the product, as in a consistent export
                return row("id", i.id(), "product_id", i.productId(), "created_at", i.createdAt(),
                        "sold_at", i.soldAt(), "cost", i.cost(), "product_category", p.category(),
                        "product_name", p.name(), "product_brand", p.brand(), "product_retail_price", p.retailPrice(),
                        "product_department", p.department(), "product_sku", p.sku(),
                        "product_distribution_center_id", p.distributionCenterId());
            });
            land(connection, Entity.USERS, data.users(), u -> row(
                    "id", u.id(), "first_name", u.firstName(), "last_name", u.lastName(), "email", u.email(),
                    "age", u.age(), "gender", u.gender(), "state", u.state(), "street_address", "1 Main Street",
                    "postal_code", "12345", "city", u.city(), "country", u.country(), "latitude", null,
                    "longitude", null, "traffic_source", u.trafficSource(), "created_at", u.createdAt()));
            Map<Long, ShopData.User> users = data.users().stream()
                    .collect(Collectors.toMap(ShopData.User::id, Function.identity()));
            land(connection, Entity.ORDERS, data.orders(), o -> row(
                    "order_id", o.id(), "user_id", o.userId(), "status", o.status(),
                    "gender", users.get(o.userId()).gender(), "created_at", o.createdAt(),
                    "returned_at", o.returnedAt(), "shipped_at", o.shippedAt(), "delivered_at", o.deliveredAt(),
                    "num_of_item", o.numOfItem()));
            land(connection, Entity.ORDER_ITEMS, data.orderItems(), i -> row(
                    "id", i.id(), "order_id", i.orderId(), "user_id", i.userId(), "product_id", i.productId(),
                    "inventory_item_id", i.inventoryItemId(), "status", i.status(), "created_at", i.createdAt(),
                    "shipped_at", i.shippedAt(), "delivered_at", i.deliveredAt(), "returned_at", i.returnedAt(),
                    "sale_price", i.salePrice()));
            land(connection, Entity.EVENTS, data.events(), e -> row(
                    "id", e.id(), "user_id", e.userId(), "sequence_number", e.sequenceNumber(),
                    "session_id", e.sessionId(), "created_at", e.createdAt(), "ip_address", e.ipAddress(),
                    "city", e.city(), "state", e.state(), "postal_code", e.postalCode(), "browser", e.browser(),
                    "traffic_source", e.trafficSource(), "uri", e.uri(), "event_type", e.eventType()));
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot land the shop in staging: " + e.getMessage(), e);
        }
    }

    /**
     * Inserts the rows at offsets 0, 1, 2... of partition 0 of the entity's topic. Every value goes as
     * text and is cast to the catalog's type, so the staging table parses it as COPY would.
     */
    private static <T> void land(Connection connection, Entity entity, List<T> rows,
                                 Function<T, Map<String, Object>> toRow) throws SQLException {
        List<String> columns = new ArrayList<>(toRow.apply(rows.get(0)).keySet());
        String sql = "INSERT INTO " + entity.stagingTable() + " (kafka_topic, kafka_partition, kafka_offset, "
                + String.join(", ", columns) + ") VALUES (?, 0, ?, "
                + columns.stream().map(c -> "CAST(? AS " + entity.column(c).type().sqlType() + ")")
                        .collect(Collectors.joining(", "))
                + ")";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            long offset = 0;
            for (T value : rows) {
                Map<String, Object> row = toRow.apply(value);
                insert.setString(1, entity.topic());
                insert.setLong(2, offset++);
                int index = 3;
                for (String column : columns) {
                    Object field = row.get(column);
                    insert.setString(index++, field == null ? null : field instanceof java.math.BigDecimal d
                            ? d.toPlainString() : field.toString());
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static Map<String, Object> row(Object... namesAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            row.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return row;
    }
}
