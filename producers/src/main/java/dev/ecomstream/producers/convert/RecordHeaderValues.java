package dev.ecomstream.producers.convert;

import dev.ecomstream.schema.Entity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The three headers of every record: {@code entity}, {@code source_file} and {@code source_line}. The entity and
 * file headers are the same for the whole file, so they are built once; only the line number is new per record.
 */
public final class RecordHeaderValues {

    /** The longest line number: 19 digits, as many as a positive long has. */
    private static final int MAX_LINE_DIGITS = 19;
    /** A header's key and value lengths, each a varint of at most 5 bytes in the record. */
    private static final int LENGTHS_PER_HEADER = 2 * 5;

    private final Header entity;
    private final Header sourceFile;

    public RecordHeaderValues(Entity entity, Path file) {
        this.entity = new RecordHeader("entity", entity.entityName().getBytes(StandardCharsets.UTF_8));
        this.sourceFile = new RecordHeader("source_file",
                file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
    }

    public RecordHeaders forLine(long lineNumber) {
        return new RecordHeaders(new Header[] {entity, sourceFile,
                new RecordHeader("source_line", Long.toString(lineNumber).getBytes(StandardCharsets.US_ASCII))});
    }

    /** The most bytes the three headers take in a record, whatever the line number. */
    int sizeUpperBound() {
        return size(entity) + size(sourceFile) + LENGTHS_PER_HEADER + "source_line".length() + MAX_LINE_DIGITS;
    }

    private static int size(Header header) {
        return LENGTHS_PER_HEADER + header.key().getBytes(StandardCharsets.UTF_8).length + header.value().length;
    }
}
