package dev.ecomstream.sink.write;

import dev.ecomstream.schema.ColumnDefinition;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.sink.decode.StagingRow;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes staging rows in PostgreSQL's COPY text format: tab-separated, {@code \N} for NULL, backslash escapes
 * for the characters that would otherwise end a field or a row.
 */
public final class CopyRowEncoder {

    private static final List<String> COORDINATE_COLUMNS = List.of("kafka_topic", "kafka_partition", "kafka_offset");

    private CopyRowEncoder() {
    }

    /** The COPY statement for an entity's staging table, columns in the order {@link #append} writes them. */
    public static String copyStatement(Entity entity) {
        String columns = java.util.stream.Stream.concat(COORDINATE_COLUMNS.stream(),
                        entity.columns().stream().map(ColumnDefinition::name))
                .collect(Collectors.joining(", "));
        return "COPY " + entity.stagingTable() + " (" + columns + ") FROM STDIN";
    }

    /** Appends one row, newline-terminated. */
    public static void append(StringBuilder out, StagingRow row) {
        appendEscaped(out, row.coordinates().topic());
        out.append('\t').append(row.coordinates().partition());
        out.append('\t').append(row.coordinates().offset());
        List<ColumnDefinition> columns = row.entity().columns();
        Object[] values = row.values();
        for (int c = 0; c < values.length; c++) {
            out.append('\t');
            if (values[c] == null) {
                out.append("\\N");
            } else {
                appendEscaped(out, columns.get(c).type().toCopyText(values[c]));
            }
        }
        out.append('\n');
    }

    static void appendEscaped(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(ch);
            }
        }
    }
}
