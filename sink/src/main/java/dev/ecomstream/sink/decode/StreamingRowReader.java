package dev.ecomstream.sink.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ecomstream.schema.ColumnDefinition;
import dev.ecomstream.schema.ColumnType;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.schema.InvalidValueException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fast way to read a well-formed record: one pass of Jackson's streaming parser straight into the row's
 * values, without building a JSON tree. It only handles the plain case (a flat object whose every value has
 * its column's JSON type, required columns present); for anything else it answers null and the caller decodes
 * the record the general way, which produces the rejection and its reason. So rejections and their messages do
 * not depend on which path a record took.
 */
final class StreamingRowReader {

    private final JsonFactory factory;
    private final Map<Entity, Map<String, Integer>> columnIndexes = new EnumMap<>(Entity.class);

    StreamingRowReader(JsonFactory factory) {
        this.factory = factory;
    }

    /** The row's values in catalog order, or null when the record needs the general path. */
    Object[] read(Entity entity, byte[] json) {
        Map<String, Integer> indexes = columnIndexes.computeIfAbsent(entity, StreamingRowReader::indexes);
        List<ColumnDefinition> columns = entity.columns();
        Object[] values = new Object[columns.size()];
        try (JsonParser parser = factory.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                Integer index = indexes.get(parser.currentName());
                JsonToken valueToken = parser.nextToken();
                if (index == null) {
                    parser.skipChildren();
                    continue;
                }
                ColumnType type = columns.get(index).type();
                Object value = switch (valueToken) {
                    case VALUE_NULL -> null;
                    case VALUE_STRING -> text(type, parser.getText());
                    case VALUE_NUMBER_INT -> integral(type, parser);
                    // the tree path strips trailing zeros (Jackson's default); land the same value either way
                    case VALUE_NUMBER_FLOAT -> type == ColumnType.NUMERIC ? decimal(parser.getDecimalValue())
                            : Unreadable.VALUE;
                    default -> Unreadable.VALUE;
                };
                if (value == Unreadable.VALUE) {
                    return null;
                }
                values[index] = value;
            }
            if (token != JsonToken.END_OBJECT) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        for (int c = 0; c < values.length; c++) {
            if (values[c] == null && !columns.get(c).nullable()) {
                return null;
            }
        }
        return values;
    }

    private static Object text(ColumnType type, String text) {
        String canonical = CanonicalText.of(type, text);
        if (canonical != null) {
            return canonical;
        }
        switch (type) {
            case TEXT:
                return text.indexOf('\0') >= 0 ? Unreadable.VALUE : text;
            case BIGINT, INTEGER, NUMERIC:
                return Unreadable.VALUE;
            default:
                try {
                    return type.parseText(text);
                } catch (InvalidValueException e) {
                    return Unreadable.VALUE;
                }
        }
    }

    private static Object integral(ColumnType type, JsonParser parser) throws IOException {
        JsonParser.NumberType size = parser.getNumberType();
        return switch (type) {
            case BIGINT -> size == JsonParser.NumberType.BIG_INTEGER ? Unreadable.VALUE : parser.getLongValue();
            case INTEGER -> size == JsonParser.NumberType.INT ? parser.getIntValue() : Unreadable.VALUE;
            case NUMERIC -> size == JsonParser.NumberType.BIG_INTEGER ? decimal(new BigDecimal(parser.getBigIntegerValue()))
                    : BigDecimal.valueOf(parser.getLongValue());
            default -> Unreadable.VALUE;
        };
    }

    /** A decimal short enough to write out, as the tree path lands it; else the tree path rejects it, saying why. */
    private static Object decimal(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        try {
            return ColumnType.withinWrittenOutLength(stripped);
        } catch (InvalidValueException beyondRange) {
            return Unreadable.VALUE;
        }
    }

    private static Map<String, Integer> indexes(Entity entity) {
        Map<String, Integer> indexes = new HashMap<>();
        List<ColumnDefinition> columns = entity.columns();
        for (int c = 0; c < columns.size(); c++) {
            indexes.put(columns.get(c).name(), c);
        }
        return indexes;
    }

    /** Marks a value the fast path does not handle. */
    private enum Unreadable {
        VALUE
    }
}
