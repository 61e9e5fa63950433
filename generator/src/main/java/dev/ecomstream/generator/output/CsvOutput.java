package dev.ecomstream.generator.output;

import dev.ecomstream.schema.ColumnDefinition;
import dev.ecomstream.schema.Entity;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * One entity's CSV file, written a row at a time: set the row's columns by catalog name, then
 * {@link #endRow()}. Columns not set are written empty (NULL). The header is the catalog's column list,
 * optional columns included, so the file's shape cannot drift from {@link Entity}.
 *
 * <p>An output for an entity that was not asked for discards its rows, so the generators need not know
 * which files are being written. Values never contain line breaks, so row {@code n} is physical line
 * {@code n + 1}, which is what the bad-row manifest relies on.
 */
public final class CsvOutput implements Closeable {

    /** RFC 4180 quoting; records end with LF only, like the real exports. */
    public static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

    private static final int BUFFER_BYTES = 1 << 16;
    /** Rows handed to the writer thread at once: large enough that queueing costs nothing per row. */
    private static final int BATCH_ROWS = 2048;

    private final Entity entity;
    private final TimestampStyle timestamps;
    private final Map<String, Integer> columnIndex = new HashMap<>();
    private final String[] values;
    private final CSVPrinter printer;
    private final BadRowPlanter badRows;
    private final BackgroundWriter writer;
    private String[][] batch = new String[BATCH_ROWS][];
    private int batchSize;
    private long rows;

    private CsvOutput(Entity entity, TimestampStyle timestamps, CSVPrinter printer, BadRowPlanter badRows,
                      BackgroundWriter writer) {
        this.entity = entity;
        this.timestamps = timestamps;
        this.printer = printer;
        this.badRows = badRows;
        this.writer = writer;
        List<ColumnDefinition> columns = entity.columns();
        for (int i = 0; i < columns.size(); i++) {
            columnIndex.put(columns.get(i).name(), i);
        }
        this.values = new String[columns.size()];
        Arrays.fill(values, "");
    }

    /** Creates {@code <entity>.csv} in the directory and writes its header. */
    static CsvOutput create(Path directory, Entity entity, TimestampStyle timestamps, BadRowPlanter badRows,
                            BackgroundWriter writer) throws IOException {
        BufferedWriter file = new BufferedWriter(new OutputStreamWriter(
                Files.newOutputStream(directory.resolve(entity.csvFileName())), StandardCharsets.UTF_8),
                BUFFER_BYTES);
        CSVPrinter printer = new CSVPrinter(file, FORMAT);
        printer.printRecord(entity.columns().stream().map(ColumnDefinition::name));
        return new CsvOutput(entity, timestamps, printer, badRows, writer);
    }

    /** An output that accepts rows and writes nothing. */
    static CsvOutput discarding(Entity entity) {
        return new CsvOutput(entity, TimestampStyle.SECONDS_UTC, null, null, null);
    }

    public CsvOutput set(String column, String value) {
        values[index(column)] = value;
        return this;
    }

    public CsvOutput set(String column, long value) {
        return set(column, Long.toString(value));
    }

    /** A decimal column, printed with up to 17 significant digits. */
    public CsvOutput setDecimal(String column, double value) {
        return set(column, DecimalText.format(value));
    }

    /** A timestamp column, printed in this file's {@link TimestampStyle}. */
    public CsvOutput setTimestamp(String column, long epochMicros) {
        return set(column, timestamps.format(epochMicros));
    }

    /** Writes the row and clears it for the next one. */
    public void endRow() {
        rows++;
        if (printer != null) {
            // the header is line 1, so row n is line n + 1
            String[] row = badRows == null ? values : badRows.plant(values, rows + 1);
            batch[batchSize++] = row == values ? values.clone() : row;
            if (batchSize == BATCH_ROWS) {
                flushBatch();
            }
        }
        Arrays.fill(values, "");
    }

    private void flushBatch() {
        String[][] full = batch;
        int size = batchSize;
        batch = new String[BATCH_ROWS][];
        batchSize = 0;
        try {
            writer.submit(() -> {
                for (int i = 0; i < size; i++) {
                    printer.printRecord((Object[]) full[i]);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + entity.csvFileName(), e);
        }
    }

    public Entity entity() {
        return entity;
    }

    /** Rows written so far (or discarded, for an entity not asked for). */
    public long rows() {
        return rows;
    }

    public boolean writesFile() {
        return printer != null;
    }

    private int index(String column) {
        Integer index = columnIndex.get(column);
        if (index == null) {
            throw new IllegalArgumentException("entity " + entity.entityName() + " has no column '" + column + "'");
        }
        return index;
    }

    /** Hands the last rows to the writer thread and queues closing the file behind them. */
    @Override
    public void close() throws IOException {
        if (printer != null) {
            if (batchSize > 0) {
                flushBatch();
            }
            writer.submit(printer::close);
        }
    }
}
