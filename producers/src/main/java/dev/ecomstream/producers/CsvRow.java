package dev.ecomstream.producers;

import java.util.List;

/**
 * One data row of a CSV file.
 *
 * @param lineNumber the physical line the row starts on (the header is line 1)
 * @param values     the fields in file order, exactly as read
 */
public record CsvRow(long lineNumber, List<String> values) {
}
