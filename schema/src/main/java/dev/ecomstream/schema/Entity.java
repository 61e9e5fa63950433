package dev.ecomstream.schema;

import static dev.ecomstream.schema.ColumnDefinition.nullableColumn;
import static dev.ecomstream.schema.ColumnDefinition.notNull;
import static dev.ecomstream.schema.ColumnDefinition.optional;
import static dev.ecomstream.schema.ColumnType.BIGINT;
import static dev.ecomstream.schema.ColumnType.INET;
import static dev.ecomstream.schema.ColumnType.INTEGER;
import static dev.ecomstream.schema.ColumnType.NUMERIC;
import static dev.ecomstream.schema.ColumnType.TEXT;
import static dev.ecomstream.schema.ColumnType.TIMESTAMPTZ;
import static dev.ecomstream.schema.ColumnType.UUID;
import static dev.ecomstream.schema.KnownValues.BROWSERS;
import static dev.ecomstream.schema.KnownValues.DEPARTMENTS;
import static dev.ecomstream.schema.KnownValues.EVENT_TYPES;
import static dev.ecomstream.schema.KnownValues.GENDERS;
import static dev.ecomstream.schema.KnownValues.ORDER_STATUSES;
import static dev.ecomstream.schema.KnownValues.SESSION_TRAFFIC_SOURCES;
import static dev.ecomstream.schema.KnownValues.USER_TRAFFIC_SOURCES;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The entity catalog: the one definition of each TheLook entity. Every module reads its entity-specific
 * knowledge (CSV header, topic, key, staging table, column types) from here; a new column is one change
 * here plus one Flyway migration, and {@code CatalogMatchesDatabaseIT} fails if the two disagree.
 *
 * <p>The constants are declared in load order: a parent entity comes before the entities that refer to it
 * (distribution centers, products, inventory items, users, orders, order items, events).
 */
public enum Entity {
    DISTRIBUTION_CENTERS("distribution_centers", "id",
            notNull("id", BIGINT),
            nullableColumn("name", TEXT).withLineBreaks(),
            nullableColumn("latitude", NUMERIC),
            nullableColumn("longitude", NUMERIC),
            optional("distribution_center_geom", TEXT)),

    PRODUCTS("products", "id",
            notNull("id", BIGINT),
            nullableColumn("cost", NUMERIC),
            nullableColumn("category", TEXT),
            nullableColumn("name", TEXT).withLineBreaks(),
            nullableColumn("brand", TEXT),
            nullableColumn("retail_price", NUMERIC),
            nullableColumn("department", TEXT).oneOf(DEPARTMENTS),
            nullableColumn("sku", TEXT),
            nullableColumn("distribution_center_id", BIGINT)),

    INVENTORY_ITEMS("inventory_items", "id",
            notNull("id", BIGINT),
            nullableColumn("product_id", BIGINT),
            nullableColumn("created_at", TIMESTAMPTZ),
            nullableColumn("sold_at", TIMESTAMPTZ),
            nullableColumn("cost", NUMERIC),
            nullableColumn("product_category", TEXT),
            nullableColumn("product_name", TEXT).withLineBreaks(),
            nullableColumn("product_brand", TEXT),
            nullableColumn("product_retail_price", NUMERIC),
            nullableColumn("product_department", TEXT).oneOf(DEPARTMENTS),
            nullableColumn("product_sku", TEXT),
            nullableColumn("product_distribution_center_id", BIGINT)),

    USERS("users", "id",
            notNull("id", BIGINT),
            nullableColumn("first_name", TEXT),
            nullableColumn("last_name", TEXT),
            nullableColumn("email", TEXT),
            nullableColumn("age", INTEGER),
            nullableColumn("gender", TEXT).oneOf(GENDERS),
            nullableColumn("state", TEXT),
            nullableColumn("street_address", TEXT).withLineBreaks(),
            nullableColumn("postal_code", TEXT),
            nullableColumn("city", TEXT),
            nullableColumn("country", TEXT),
            nullableColumn("latitude", NUMERIC),
            nullableColumn("longitude", NUMERIC),
            nullableColumn("traffic_source", TEXT).oneOf(USER_TRAFFIC_SOURCES),
            nullableColumn("created_at", TIMESTAMPTZ),
            optional("user_geom", TEXT)),

    ORDERS("orders", "order_id",
            notNull("order_id", BIGINT),
            nullableColumn("user_id", BIGINT),
            nullableColumn("status", TEXT).oneOf(ORDER_STATUSES),
            nullableColumn("gender", TEXT).oneOf(GENDERS),
            nullableColumn("created_at", TIMESTAMPTZ),
            nullableColumn("returned_at", TIMESTAMPTZ),
            nullableColumn("shipped_at", TIMESTAMPTZ),
            nullableColumn("delivered_at", TIMESTAMPTZ),
            nullableColumn("num_of_item", INTEGER)),

    ORDER_ITEMS("order_items", "id",
            notNull("id", BIGINT),
            nullableColumn("order_id", BIGINT),
            nullableColumn("user_id", BIGINT),
            nullableColumn("product_id", BIGINT),
            nullableColumn("inventory_item_id", BIGINT),
            nullableColumn("status", TEXT).oneOf(ORDER_STATUSES),
            nullableColumn("created_at", TIMESTAMPTZ),
            nullableColumn("shipped_at", TIMESTAMPTZ),
            nullableColumn("delivered_at", TIMESTAMPTZ),
            nullableColumn("returned_at", TIMESTAMPTZ),
            nullableColumn("sale_price", NUMERIC)),

    EVENTS("events", "id",
            notNull("id", BIGINT),
            nullableColumn("user_id", BIGINT),
            nullableColumn("sequence_number", INTEGER),
            nullableColumn("session_id", UUID),
            nullableColumn("created_at", TIMESTAMPTZ),
            nullableColumn("ip_address", INET),
            nullableColumn("city", TEXT),
            nullableColumn("state", TEXT),
            nullableColumn("postal_code", TEXT),
            nullableColumn("browser", TEXT).oneOf(BROWSERS),
            nullableColumn("traffic_source", TEXT).oneOf(SESSION_TRAFFIC_SOURCES),
            nullableColumn("uri", TEXT),
            nullableColumn("event_type", TEXT).oneOf(EVENT_TYPES));

    /** Prefix of every topic name; the topic of an entity is {@code ecomstream.<entity name>}. */
    public static final String TOPIC_PREFIX = "ecomstream.";

    private final String entityName;
    private final String keyColumn;
    private final List<ColumnDefinition> columns;

    Entity(String entityName, String keyColumn, ColumnDefinition... columns) {
        this.entityName = entityName;
        this.keyColumn = keyColumn;
        this.columns = List.of(columns);
        if (this.columns.stream().noneMatch(c -> c.name().equals(keyColumn))) {
            throw new IllegalStateException("key column " + keyColumn + " is not a column of " + entityName);
        }
    }

    /** The dataset name, as in the CSV file name ({@code order_items} for {@code order_items.csv}). */
    public String entityName() {
        return entityName;
    }

    /** The conventional file name of the dataset's CSV export. */
    public String csvFileName() {
        return entityName + ".csv";
    }

    /** The default Kafka topic of the entity. */
    public String topic() {
        return TOPIC_PREFIX + entityName;
    }

    /** The column whose value is the Kafka record key and the primary key of the entity. */
    public String keyColumn() {
        return keyColumn;
    }

    /** The columns in the header order of the real exports, optional ones last. */
    public List<ColumnDefinition> columns() {
        return columns;
    }

    public ColumnDefinition column(String name) {
        return findColumn(name).orElseThrow(
                () -> new IllegalArgumentException("entity " + entityName + " has no column '" + name + "'"));
    }

    public Optional<ColumnDefinition> findColumn(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The staging table, schema-qualified. */
    public String stagingTable() {
        return "staging." + entityName;
    }

    /** Looks an entity up by its dataset name ({@code orders}) or constant name ({@code ORDERS}). */
    public static Optional<Entity> byName(String name) {
        String normalised = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(e -> e.entityName.equals(normalised)).findFirst();
    }

    /** Looks an entity up by its default topic. */
    public static Optional<Entity> byTopic(String topic) {
        return Arrays.stream(values()).filter(e -> e.topic().equals(topic)).findFirst();
    }
}
