package dev.ecomstream.sink.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecomstream.schema.ColumnDefinition;
import dev.ecomstream.schema.ColumnType;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.schema.InvalidValueException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes a record's JSON value and checks it against the catalog: the entity is known from the topic, every
 * value has its column's type, required columns are present. Anything else is a {@link RecordRejection}
 * carrying the reason; nothing here throws for bad data.
 */
public final class RecordDecoder {

    /*
     * Only records the streaming reader declines take the tree path. Its mapper sits in a holder class so that
     * Jackson's databind (a few hundred classes, most of a second on a busy two-core machine) is loaded when the
     * first such record comes, not before the sink's first row.
     */
    private static final class TreePath {
        static final ObjectMapper JSON = new ObjectMapper()
                // Decimals must land exactly as sent, so never through a double.
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    private final Map<String, Entity> entityByTopic;
    private final int maxValueBytes;
    private final StreamingRowReader streaming = new StreamingRowReader(new JsonFactory());
    private final CopyText copyText = new CopyText();

    public RecordDecoder(Map<String, Entity> entityByTopic, int maxValueBytes) {
        this.entityByTopic = Map.copyOf(entityByTopic);
        this.maxValueBytes = maxValueBytes;
    }

    public DecodedRecord decode(ConsumerRecord<byte[], byte[]> record) {
        KafkaCoordinates coordinates = new KafkaCoordinates(record.topic(), record.partition(), record.offset());
        RawRecord raw = new RawRecord(record.key(), record.value());
        Entity entity = entityByTopic.get(record.topic());
        if (entity == null) {
            return new RecordRejection(coordinates, raw, "topic is not mapped to any entity");
        }
        if (record.value() == null) {
            return new RecordRejection(coordinates, raw, "value is null (a tombstone); staging is append-only");
        }
        if (record.value().length > maxValueBytes) {
            return new RecordRejection(coordinates, raw, String.format(
                    "value is %d bytes, over the limit of %d (--max-record-bytes)",
                    record.value().length, maxValueBytes));
        }
        Object[] fast = streaming.read(entity, record.value());
        if (fast != null) {
            return row(entity, coordinates, fast, raw);
        }
        JsonNode object;
        try {
            object = TreePath.JSON.readTree(record.value());
        } catch (JsonProcessingException e) {
            return new RecordRejection(coordinates, raw, "value is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            return new RecordRejection(coordinates, raw, "value is not readable JSON: " + e.getMessage());
        } catch (NumberFormatException e) {
            // Jackson reads a number like 1e-2147483648 as a BigDecimal whose scale does not fit an int
            return new RecordRejection(coordinates, raw, "value holds a number out of any column's range: "
                    + e.getMessage());
        }
        if (object == null || !object.isObject()) {
            return new RecordRejection(coordinates, raw, "value is JSON but not an object");
        }
        List<ColumnDefinition> columns = entity.columns();
        Object[] values = new Object[columns.size()];
        for (int c = 0; c < values.length; c++) {
            ColumnDefinition column = columns.get(c);
            JsonNode node = object.get(column.name());
            if (node == null || node.isNull()) {
                if (!column.nullable()) {
                    return new RecordRejection(coordinates, raw, String.format(
                            "%s field '%s' is %s, but every %s row needs it", entity.entityName(), column.name(),
                            node == null ? "missing" : "null", entity.entityName()));
                }
                continue;
            }
            if (node.isTextual()) {
                String canonical = CanonicalText.of(column.type(), node.textValue());
                if (canonical != null) {
                    values[c] = canonical;
                    continue;
                }
            }
            try {
                Object value = column.type().fromJson(node);
                if (column.type() == ColumnType.TEXT && ((String) value).indexOf('\0') >= 0) {
                    throw new InvalidValueException("contains a NUL character, which PostgreSQL text cannot hold");
                }
                values[c] = value;
            } catch (InvalidValueException e) {
                return new RecordRejection(coordinates, raw,
                        String.format("%s field '%s': %s", entity.entityName(), column.name(), e.getMessage()));
            }
        }
        return row(entity, coordinates, values, raw);
    }

    /** The row with its values written as COPY text, or a rejection if a value cannot be written out. */
    private DecodedRecord row(Entity entity, KafkaCoordinates coordinates, Object[] values, RawRecord raw) {
        try {
            return new StagingRow(entity, coordinates, copyText.row(entity, values), raw);
        } catch (RuntimeException e) {
            // the checks above keep such values out; should one slip through, it costs its record, not the sink
            return new RecordRejection(coordinates, raw, entity.entityName() + ": a value could not be written "
                    + "out for COPY: " + e);
        }
    }
}
