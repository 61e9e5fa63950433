package dev.ecomstream.producers;

import java.util.List;

/**
 * One data row of a CSV file.
 *
 * @param lineNumber  the physical line the row starts on (the header is line 1)
 * @param values      the fields in file order, exactly as read (U+FFFD where the file has invalid UTF-8)
 * @param invalidUtf8 where the row holds bytes that are not UTF-8, as text for the rejection; null when it
 *                    holds none
 */
public record CsvRow(long lineNumber, List<String> values, String invalidUtf8) {

    public CsvRow(long lineNumber, List<String> values) {
        this(lineNumber, values, null);
    }
}
