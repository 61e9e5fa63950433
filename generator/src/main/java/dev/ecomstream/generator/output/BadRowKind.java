package dev.ecomstream.generator.output;

import dev.ecomstream.schema.ColumnDefinition;
import dev.ecomstream.schema.ColumnType;
import dev.ecomstream.schema.Entity;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The kinds of bad row a producer must reject, each with the column it damages and how. A kind applies to
 * an entity when the catalog gives it a column of the kind's type, so no entity is special-cased here.
 */
public enum BadRowKind {
    NON_NUMERIC_ID("key is not a whole number", List.of()) {
        @Override
        Optional<ColumnDefinition> target(Entity entity) {
            return Optional.of(entity.column(entity.keyColumn()));
        }

        @Override
        String badValue(String original, SplittableRandom random) {
            return "ID-" + original;
        }
    },
    EMPTY_REQUIRED_KEY("required key is empty", List.of("")) {
        @Override
        Optional<ColumnDefinition> target(Entity entity) {
            return Optional.of(entity.column(entity.keyColumn()));
        }
    },
    BAD_TIMESTAMP("not a timestamp",
            List.of("17/06/2022 02:52:23", "2022-06-17 02:52 UTC", "yesterday", "2022-06-17 25:61:00 UTC")) {
        @Override
        Optional<ColumnDefinition> target(Entity entity) {
            return firstOfType(entity, ColumnType.TIMESTAMPTZ);
        }
    },
    BAD_DECIMAL("not a decimal number", List.of("12,50", "1.2.3", "$19.99", "n/a")) {
        @Override
        Optional<ColumnDefinition> target(Entity entity) {
            return firstOfType(entity, ColumnType.NUMERIC);
        }
    },
    BAD_UUID("not a UUID", List.of("not-a-uuid", "5d2a9f3c-1b7e-4c1a-9e2f", "5d2a9f3c1b7e4c1a9e2f0a1b2c3d4e5z")) {
        @Override
        Optional<ColumnDefinition> target(Entity entity) {
            return firstOfType(entity, ColumnType.UUID);
        }
    },
    BAD_IP_ADDRESS("not an IP address", List.of("256.12.0.1", "10.0.0", "localhost", "1.2.3.4.5")) {
        @Override
        Optional<ColumnDefinition> target(Entity entity) {
            return firstOfType(entity, ColumnType.INET);
        }
    },
    WRONG_COLUMN_COUNT("wrong number of columns", List.of()) {
        @Override
        Optional<ColumnDefinition> target(Entity entity) {
            return Optional.empty();
        }

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
    private final List<String> badValues;

    BadRowKind(String reason, List<String> badValues) {
        this.reason = reason;
        this.badValues = badValues;
    }

    /** The column this kind damages in rows of the entity; empty for damage to the row's shape. */
    abstract Optional<ColumnDefinition> target(Entity entity);

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

    private static Optional<ColumnDefinition> firstOfType(Entity entity, ColumnType type) {
        return entity.columns().stream().filter(c -> c.type() == type).findFirst();
    }

    private static String[] appendOne(String[] row, String value) {
        String[] longer = Arrays.copyOf(row, row.length + 1);
        longer[row.length] = value;
        return longer;
    }
}
