package dev.ecomstream.schema;

import java.util.Objects;

/**
 * One column of an entity as it appears in the CSV header, in the JSON record and in the staging table.
 *
 * @param name     the column name, identical in CSV, JSON and SQL
 * @param type     how values of the column are parsed, serialised and stored
 * @param required a required column must be in the CSV header and may not be empty in any row;
 *                 an optional one (the geometry columns of some exports) may be absent from the header
 * @param nullable whether an empty value is allowed (only meaningful for columns present in the file)
 */
public record ColumnDefinition(String name, ColumnType type, boolean required, boolean nullable) {

    public ColumnDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** A column every export has and that may be empty. */
    static ColumnDefinition nullableColumn(String name, ColumnType type) {
        return new ColumnDefinition(name, type, true, true);
    }

    /** A column every export has and that is never empty (keys, references, creation times). */
    static ColumnDefinition notNull(String name, ColumnType type) {
        return new ColumnDefinition(name, type, true, false);
    }

    /** A column only some exports carry; absent or empty means NULL. */
    static ColumnDefinition optional(String name, ColumnType type) {
        return new ColumnDefinition(name, type, false, true);
    }
}
