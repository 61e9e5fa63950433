package dev.ecomstream.producers.csv;

import dev.ecomstream.schema.ColumnDefinition;
import dev.ecomstream.schema.Entity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a CSV file matched against the catalog: where each catalog column is in the file. Columns
 * may come in any order; columns the catalog does not know are ignored.
 */
public final class CsvHeader {

    private final List<String> fileColumns;
    private final int[] positionOfCatalogColumn;
    private final List<String> unknownColumns;
    private final boolean[] lineBreaksAt;

    private CsvHeader(List<String> fileColumns, int[] positionOfCatalogColumn, List<String> unknownColumns,
                      boolean[] lineBreaksAt) {
        this.fileColumns = fileColumns;
        this.positionOfCatalogColumn = positionOfCatalogColumn;
        this.unknownColumns = unknownColumns;
        this.lineBreaksAt = lineBreaksAt;
    }

    /**
     * Matches a file's header to the entity.
     *
     * @throws InvalidCsvHeaderException when a required column is missing or a column appears twice
     */
    public static CsvHeader match(Entity entity, Path file, List<String> fileColumns) {
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < fileColumns.size(); i++) {
            String name = fileColumns.get(i).trim();
            if (positions.putIfAbsent(name, i) != null) {
                throw new InvalidCsvHeaderException(String.format(
                        "%s:1: column '%s' appears twice in the header; a %s file must name each column once",
                        file, name, entity.entityName()));
            }
        }
        List<ColumnDefinition> columns = entity.columns();
        int[] positionOfCatalogColumn = new int[columns.size()];
        boolean[] lineBreaksAt = new boolean[fileColumns.size()];
        List<String> missing = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            Integer position = positions.get(columns.get(c).name());
            positionOfCatalogColumn[c] = position == null ? -1 : position;
            if (position != null) {
                lineBreaksAt[position] = columns.get(c).lineBreaks();
            }
            if (position == null && columns.get(c).required()) {
                missing.add(columns.get(c).name());
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidCsvHeaderException(String.format(
                    "%s:1: the header lacks the %s column(s) %s; it has %s. Is this the %s export? "
                            + "Pass the right file, or the right entity for this file.",
                    file, entity.entityName(), missing, fileColumns, entity.entityName()));
        }
        List<String> unknown = fileColumns.stream()
                .map(String::trim)
                .filter(name -> entity.findColumn(name).isEmpty())
                .toList();
        return new CsvHeader(List.copyOf(fileColumns), positionOfCatalogColumn, unknown, lineBreaksAt);
    }

    /**
     * Whether the field at {@code position} in the file may hold a line break: only in a catalog column of free
     * text (names, addresses); not in any other column, one the catalog does not know, or past the header.
     */
    public boolean mayHoldLineBreaks(int position) {
        return position < lineBreaksAt.length && lineBreaksAt[position];
    }

    /** Position in the file of the catalog's column number {@code catalogIndex}, or -1 when the file lacks it. */
    public int positionOf(int catalogIndex) {
        return positionOfCatalogColumn[catalogIndex];
    }

    public int size() {
        return fileColumns.size();
    }

    public List<String> fileColumns() {
        return fileColumns;
    }

    /** Columns of the file that the catalog does not define; they are not published. */
    public List<String> unknownColumns() {
        return unknownColumns;
    }
}
