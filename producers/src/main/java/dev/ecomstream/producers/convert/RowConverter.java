package dev.ecomstream.producers.convert;

import dev.ecomstream.producers.csv.CsvHeader;
import dev.ecomstream.producers.csv.CsvRow;
import dev.ecomstream.schema.ColumnDefinition;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.schema.InvalidValueException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Turns a CSV row into the entity's typed JSON object, following the catalog: numbers as JSON numbers
 * without loss of precision, timestamps as ISO-8601 UTC, empty fields as null, text exactly as read.
 * Every catalog column is present in the object, so consumers see one shape per entity. A row is rejected
 * instead when a value does not fit its column (its type, its range, its set of known values), when the reader
 * found it unreadable, or when its record would be larger than the producer sends.
 *
 * <p>One converter per file and thread: it reuses its JSON buffer from row to row.
 */
public final class RowConverter {

    /*
     * What a record takes in a Kafka batch besides its key, value and headers, at most: the batch header
     * (61 bytes, as the producer counts a record as a batch of its own when it checks max.request.size), then
     * the record's length, attributes, timestamp and offset deltas, and the key, value and header-count
     * lengths, each varint at its widest. RowConverterTest holds this against the Kafka client's own estimate.
     */
    private static final int RECORD_OVERHEAD_BYTES = 61 + 5 + 1 + 10 + 5 + 5 + 5 + 5;
    /** A key of n characters takes at most 3n bytes in UTF-8 (ids are digits, so n in practice). */
    private static final int MAX_UTF8_BYTES_PER_CHAR = 3;

    private final Entity entity;
    private final CsvHeader header;
    private final Path file;
    private final List<ColumnDefinition> columns;
    private final int keyIndex;
    private final int createdAtIndex;
    private final JsonRowWriter json;
    private final int maxRecordBytes;
    private final int recordOverheadBytes;

    /** A converter that rejects a row whose Kafka record would be larger than {@code maxRecordBytes}. */
    public RowConverter(Entity entity, CsvHeader header, Path file, int maxRecordBytes) {
        this.entity = entity;
        this.maxRecordBytes = maxRecordBytes;
        this.header = header;
        this.file = file;
        this.columns = entity.columns();
        this.keyIndex = columns.indexOf(entity.column(entity.keyColumn()));
        this.createdAtIndex = entity.findColumn("created_at").map(columns::indexOf).orElse(-1);
        this.json = new JsonRowWriter(columns);
        this.recordOverheadBytes = RECORD_OVERHEAD_BYTES + new RecordHeaderValues(entity, file).sizeUpperBound();
    }

    public RowConversion convert(CsvRow row) {
        List<String> values = row.values();
        if (row.unreadable() != null) {
            return new RowRejection(file, row.lineNumber(), row.unreadable().column(), row.unreadable().reason(),
                    null, values);
        }
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
                value = column.parseText(text);
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
        byte[] value = json.write(parsed);
        long recordBytes = recordSizeUpperBound(key, value);
        if (recordBytes > maxRecordBytes) {
            return tooLarge(row, recordBytes);
        }
        return new PublishableRow(row.lineNumber(), key, value, createdAt);
    }

    /** The most bytes the record of this key and value takes, as the producer counts it against its limit. */
    long recordSizeUpperBound(String key, byte[] value) {
        return recordOverheadBytes + (long) MAX_UTF8_BYTES_PER_CHAR * key.length() + value.length;
    }

    /*
     * The producer would refuse the record before it reaches a broker, failing the run; rejecting the row here
     * also catches it in a dry run. The longest field is named, as it is almost always the one to shorten.
     */
    private RowRejection tooLarge(CsvRow row, long recordBytes) {
        List<String> values = row.values();
        int longest = 0;
        for (int i = 1; i < values.size(); i++) {
            if (values.get(i).length() > values.get(longest).length()) {
                longest = i;
            }
        }
        return new RowRejection(file, row.lineNumber(), header.fileColumns().get(longest).trim(), String.format(
                "makes the row's Kafka record up to %d bytes (the field has %d characters), over the producer's "
                        + "limit of %d (max.request.size): shorten it, or raise the limit with --kafka-property "
                        + "max.request.size=BYTES if the topic's max.message.bytes allows it",
                recordBytes, values.get(longest).length(), maxRecordBytes), null, values);
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
