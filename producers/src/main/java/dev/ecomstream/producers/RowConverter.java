package dev.ecomstream.producers;

import dev.ecomstream.schema.ColumnDefinition;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.schema.InvalidValueException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Turns a CSV row into the entity's typed JSON object, following the catalog: numbers as JSON numbers
 * without loss of precision, timestamps as ISO-8601 UTC, empty fields as null, text exactly as read.
 * Every catalog column is present in the object, so consumers see one shape per entity.
 *
 * <p>One converter per file and thread: it reuses its JSON buffer from row to row.
 */
public final class RowConverter {

    private final Entity entity;
    private final CsvHeader header;
    private final Path file;
    private final List<ColumnDefinition> columns;
    private final int keyIndex;
    private final int createdAtIndex;
    private final JsonRowWriter json;

    public RowConverter(Entity entity, CsvHeader header, Path file) {
        this.entity = entity;
        this.header = header;
        this.file = file;
        this.columns = entity.columns();
        this.keyIndex = columns.indexOf(entity.column(entity.keyColumn()));
        this.createdAtIndex = entity.findColumn("created_at").map(columns::indexOf).orElse(-1);
        this.json = new JsonRowWriter(columns);
    }

    public RowConversion convert(CsvRow row) {
        List<String> values = row.values();
        if (values.size() != header.size()) {
            return new RowRejection(file, row.lineNumber(), null, String.format(
                    "expected %d fields as in the header, found %d (an unquoted comma or a missing field?)",
                    header.size(), values.size()), null, values);
        }
        if (row.invalidUtf8() != null) {
            return invalidUtf8(row);
        }
        String key = null;
        long createdAt = -1;
        // new per row: storing fresh values into a long-lived array would cost a GC write barrier per field
        Object[] parsed = new Object[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            ColumnDefinition column = columns.get(c);
            int position = header.positionOf(c);
            String text = position < 0 ? "" : values.get(position);
            if (text.isEmpty()) {
                if (!column.nullable()) {
                    return new RowRejection(file, row.lineNumber(), column.name(),
                            "is empty, but every " + entity.entityName() + " row needs it", null, values);
                }
                parsed[c] = null;
                continue;
            }
            Object value;
            try {
                value = column.type().parseText(text);
            } catch (InvalidValueException e) {
                return new RowRejection(file, row.lineNumber(), column.name(), e.getMessage(), text, values);
            }
            parsed[c] = value;
            if (c == keyIndex) {
                key = value.toString();
            } else if (c == createdAtIndex) {
                createdAt = ((Instant) value).toEpochMilli();
            }
        }
        return new PublishableRow(row.lineNumber(), key, json.write(parsed), createdAt);
    }

    /*
     * The decoder put U+FFFD where the bytes were not UTF-8; the first field holding one is named. (A file
     * may hold a real U+FFFD too; the byte offset in the reason points at the actual bad byte either way.)
     */
    private RowRejection invalidUtf8(CsvRow row) {
        List<String> values = row.values();
        int position = -1;
        for (int i = 0; i < values.size() && position < 0; i++) {
            if (values.get(i).indexOf('\uFFFD') >= 0) {
                position = i;
            }
        }
        String column = position >= 0 && position < header.size() ? header.fileColumns().get(position).trim() : null;
        return new RowRejection(file, row.lineNumber(), column, (column != null ? "is" : "the row is")
                + " not valid UTF-8 (" + row.invalidUtf8()
                + "; U+FFFD stands in for it in the rejects file). If the file is Latin-1, convert it with "
                + "iconv -f latin1 -t utf-8", position >= 0 ? values.get(position) : null, values);
    }
}
