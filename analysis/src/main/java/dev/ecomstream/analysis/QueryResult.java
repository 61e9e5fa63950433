package dev.ecomstream.analysis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The answer to one question: its columns and rows, as plain Java values (Long, Integer, BigDecimal,
 * String, Boolean, LocalDate, OffsetDateTime; null for SQL NULL), in the query's order.
 */
public record QueryResult(AnalysisQuery query, List<ResultColumn> columns, List<List<Object>> rows,
                          Duration elapsed) {

    public QueryResult {
        columns = List.copyOf(columns);
        // rows may hold nulls, which List.copyOf refuses
        List<List<Object>> copies = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException(query.name() + ": a row has " + row.size() + " values for "
                        + columns.size() + " columns");
            }
            copies.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copies);
    }

    /** The position of a column, or -1. */
    public int columnIndex(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** One column's values, top to bottom. */
    public List<Object> column(String name) {
        int index = columnIndex(name);
        if (index < 0) {
            throw new IllegalArgumentException(query.name() + " has no column '" + name + "'");
        }
        List<Object> values = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            values.add(row.get(index));
        }
        return values;
    }
}
