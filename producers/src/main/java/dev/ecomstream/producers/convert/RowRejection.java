package dev.ecomstream.producers.convert;

import java.nio.file.Path;
import java.util.List;

/**
 * A row that cannot be published, and why. It is reported and written to the rejects file, never sent.
 *
 * @param file       the CSV file
 * @param lineNumber the line the row starts on
 * @param column     the offending column, or null when the row as a whole is wrong (field count)
 * @param reason     why the value was refused
 * @param value      the offending value, or null
 * @param fields     the row's original fields, to write to the rejects file
 */
public record RowRejection(Path file, long lineNumber, String column, String reason, String value,
                           List<String> fields) implements RowConversion {

    private static final int MAX_VALUE_SHOWN = 80;

    /** The report line: {@code file:line: column 'x': reason (value)}. */
    public String describe() {
        StringBuilder text = new StringBuilder().append(file).append(':').append(lineNumber).append(": ");
        if (column != null) {
            text.append("column '").append(column).append("': ");
        }
        text.append(reason);
        if (value != null) {
            String shown = value.length() > MAX_VALUE_SHOWN ? value.substring(0, MAX_VALUE_SHOWN) + "..." : value;
            text.append(" ('").append(shown).append("')");
        }
        return text.toString();
    }
}
