package dev.ecomstream.schema;

import java.util.List;
import java.util.Objects;

/**
 * One column of an entity as it appears in the CSV header, in the JSON record and in the staging table.
 *
 * @param name          the column name, identical in CSV, JSON and SQL
 * @param type          how values of the column are parsed, serialised and stored
 * @param required      a required column must be in the CSV header and may not be empty in any row;
 *                      an optional one (the geometry columns of some exports) may be absent from the header
 * @param nullable      whether an empty value is allowed (only meaningful for columns present in the file)
 * @param allowedValues the only values the column may hold, spelled exactly (a status, an event type); empty
 *                      when any value of the type is allowed
 * @param lineBreaks    whether a value may hold a line break: only free text written by people (names,
 *                      addresses). Anywhere else a line break means a quote went wrong in the CSV file.
 */
public record ColumnDefinition(String name, ColumnType type, boolean required, boolean nullable,
                               List<String> allowedValues, boolean lineBreaks) {

    public ColumnDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        allowedValues = List.copyOf(allowedValues);
    }

    /** A column of any value of its type, without line breaks. */
    public ColumnDefinition(String name, ColumnType type, boolean required, boolean nullable) {
        this(name, type, required, nullable, List.of(), false);
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

    /** This column, restricted to the given values. */
    ColumnDefinition oneOf(List<String> values) {
        return new ColumnDefinition(name, type, required, nullable, values, lineBreaks);
    }

    /** This column, allowed to hold line breaks. */
    ColumnDefinition withLineBreaks() {
        return new ColumnDefinition(name, type, required, nullable, allowedValues, true);
    }

    /**
     * Parses a non-empty CSV field: a value of the column's type and, when the column has a set of values, one
     * of them.
     *
     * @throws InvalidValueException with the reason when the text is not a value of this column
     */
    public Object parseText(String text) {
        Object value = type.parseText(text);
        if (!allowedValues.isEmpty() && !allowedValues.contains(text)) {
            throw new InvalidValueException("not one of the allowed values " + String.join(", ", allowedValues)
                    + " (spelled exactly, case included)");
        }
        return value;
    }
}
