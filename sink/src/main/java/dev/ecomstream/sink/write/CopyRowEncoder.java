package dev.ecomstream.sink.write;

import dev.ecomstream.schema.ColumnDefinition;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.sink.decode.CopyText;
import dev.ecomstream.sink.decode.StagingRow;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes staging rows as lines of PostgreSQL's COPY text format into one reused buffer, handed to the COPY
 * stream each time it fills: each row's Kafka coordinates, then its fields, which the decoder already wrote as
 * COPY text ({@link StagingRow#copyFields()}). PostgreSQL starts parsing the first chunk while the next is
 * written.
 */
public final class CopyRowEncoder {

    /** Where full buffers go: PgJDBC's {@code CopyIn.writeToCopy}, or a test's byte array. */
    @FunctionalInterface
    public interface Output {
        void write(byte[] bytes, int offset, int length) throws SQLException;
    }

    private static final List<String> COORDINATE_COLUMNS = List.of("kafka_topic", "kafka_partition", "kafka_offset");
    /** Room for the coordinates' numbers and separators, written without a capacity check. */
    private static final int SLACK = 48;

    private final byte[] buffer;
    private final CopyText copyText = new CopyText();
    /** Each topic's name as a COPY field: escaped once, not once per row. */
    private final Map<String, byte[]> topicFields = new HashMap<>();
    private int length;
    private Output output;

    public CopyRowEncoder(int bufferBytes) {
        this.buffer = new byte[Math.max(bufferBytes, 256)];
    }

    /** The COPY statement for an entity's staging table, columns in the order {@link #append} writes them. */
    public static String copyStatement(Entity entity) {
        String columns = Stream.concat(COORDINATE_COLUMNS.stream(),
                        entity.columns().stream().map(ColumnDefinition::name))
                .collect(Collectors.joining(", "));
        return "COPY " + entity.stagingTable() + " (" + columns + ") FROM STDIN";
    }

    /** Starts a COPY: later rows go to {@code target}. */
    public void start(Output target) {
        this.output = target;
        this.length = 0;
    }

    /** Appends one row, newline-terminated. */
    public void append(StagingRow row) throws SQLException {
        appendBytes(topicFields.computeIfAbsent(row.coordinates().topic(), copyText::field));
        if (length >= buffer.length - SLACK) {
            finish();
        }
        buffer[length++] = '\t';
        length = CopyText.writeLong(buffer, length, row.coordinates().partition());
        buffer[length++] = '\t';
        length = CopyText.writeLong(buffer, length, row.coordinates().offset());
        buffer[length++] = '\t';
        appendBytes(row.copyFields());
        if (length >= buffer.length - SLACK) {
            finish();
        }
        buffer[length++] = '\n';
    }

    /** Hands the rest of the buffer to the output; call before ending the COPY. */
    public void finish() throws SQLException {
        if (length > 0) {
            output.write(buffer, 0, length);
            length = 0;
        }
    }

    private void appendBytes(byte[] bytes) throws SQLException {
        int written = 0;
        while (written < bytes.length) {
            if (length == buffer.length) {
                finish();
            }
            int chunk = Math.min(bytes.length - written, buffer.length - length);
            System.arraycopy(bytes, written, buffer, length, chunk);
            length += chunk;
            written += chunk;
        }
    }
}
