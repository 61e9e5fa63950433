package dev.ecomstream.generator.output;

import dev.ecomstream.schema.ColumnDefinition;
import dev.ecomstream.schema.ColumnType;
import dev.ecomstream.schema.Entity;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The kinds of bad row a producer must reject, each with the column it damages and how. A kind applies to
 * an entity when the catalog gives it a column of the kind's type, so no entity is special-cased here.
 */
public enum BadRowKind {
    NON_NUMERIC_ID("key is not a whole number", BadRowKind::keyColumn, List.of()) {
        @Override
        String badValue(String original, SplittableRandom random) {
            return "ID-" + original;
        }
    },
    EMPTY_REQUIRED_KEY("required key is empty", BadRowKind::keyColumn, List.of("")),
    BAD_TIMESTAMP("not a timestamp", firstOfType(ColumnType.TIMESTAMPTZ),
            List.of("17/06/2022 02:52:23", "2022-06-17 02:52 UTC", "yesterday", "2022-06-17 25:61:00 UTC")),
    BAD_DECIMAL("not a decimal number", firstOfType(ColumnType.NUMERIC), List.of("12,50", "1.2.3", "$19.99", "n/a")),
    BAD_UUID("not a UUID", firstOfType(ColumnType.UUID),
            List.of("not-a-uuid", "5d2a9f3c-1b7e-4c1a-9e2f", "5d2a9f3c1b7e4c1a9e2f0a1b2c3d4e5z")),
    BAD_IP_ADDRESS("not an IP address", firstOfType(ColumnType.INET),
            List.of("256.12.0.1", "10.0.0", "localhost", "1.2.3.4.5")),
    WRONG_COLUMN_COUNT("wrong number of columns", entity -> Optional.empty(), List.of()) {
        @Override
        boolean appliesTo(Entity entity) {
            return true;
        }

        @Override
        String[] corrupt(String[] row, int column, SplittableRandom random) {
            // one column short or one too many: both are seen when a file is cut or a field is unquoted
            return random.nextBoolean()
                    ? Arrays.copyOf(row, row.length - 1)
                    : appendOne(row, "unexpected");
        }
    };

    private final String reason;
    private final Function<Entity, Optional<ColumnDefinition>> target;
    private final List<String> badValues;

    BadRowKind(String reason, Function<Entity, Optional<ColumnDefinition>> target, List<String> badValues) {
        this.reason = reason;
        this.target = target;
        this.badValues = badValues;
    }

    /** The column this kind damages in rows of the entity; empty for damage to the row's shape. */
    Optional<ColumnDefinition> target(Entity entity) {
        return target.apply(entity);
    }

    boolean appliesTo(Entity entity) {
        return target(entity).isPresent();
    }

    /** Why a producer must reject the row. */
    public String reason() {
        return reason;
    }

    /** Damages the row; the array may be changed in place or replaced. */
    String[] corrupt(String[] row, int column, SplittableRandom random) {
        row[column] = badValue(row[column], random);
        return row;
    }

    String badValue(String original, SplittableRandom random) {
        return badValues.get(random.nextInt(badValues.size()));
    }

    private static Optional<ColumnDefinition> keyColumn(Entity entity) {
        return Optional.of(entity.column(entity.keyColumn()));
    }

    private static Function<Entity, Optional<ColumnDefinition>> firstOfType(ColumnType type) {
        return entity -> entity.columns().stream().filter(c -> c.type() == type).findFirst();
    }

    private static String[] appendOne(String[] row, String value) {
        String[] longer = Arrays.copyOf(row, row.length + 1);
        longer[row.length] = value;
        return longer;
    }
}
