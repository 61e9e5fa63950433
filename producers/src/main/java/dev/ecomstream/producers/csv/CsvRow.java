package dev.ecomstream.producers.csv;

import java.util.List;

/**
 * One data row of a CSV file.
 *
 * @param lineNumber  the physical line the row starts on (the header is line 1)
 * @param values      the fields in file order, exactly as read (U+FFFD where the file has invalid UTF-8)
 * @param invalidUtf8 where the row holds bytes that are not UTF-8, as text for the rejection; null when it
 *                    holds none
 * @param unreadable  why the reader could not tell this row apart from its neighbours, so it must be rejected
 *                    whatever its fields hold; null for a row read as the file says
 */
public record CsvRow(long lineNumber, List<String> values, String invalidUtf8, Unreadable unreadable) {

    public CsvRow(long lineNumber, List<String> values) {
        this(lineNumber, values, null, null);
    }

    /**
     * What the reader found wrong with the row's structure.
     *
     * @param column the column at fault, or null when the row as a whole is
     * @param reason the reason, as for any rejection
     */
    public record Unreadable(String column, String reason) {
    }
}
