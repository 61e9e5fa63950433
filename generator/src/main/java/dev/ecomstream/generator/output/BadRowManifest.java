package dev.ecomstream.generator.output;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code bad-rows.csv}: one line per planted bad row, so tests can check that each one is caught where it
 * was planted. Columns: {@code file, line, column, kind, reason}; {@code line} is the physical line number in
 * the data file (the header is line 1) and {@code column} is empty when the row's shape is what is wrong.
 */
public final class BadRowManifest implements Closeable {

    /** The manifest's file name in the output directory. */
    public static final String FILE_NAME = "bad-rows.csv";
    public static final String[] HEADER = {"file", "line", "column", "kind", "reason"};

    private final CSVPrinter printer;
    private long rows;

    private BadRowManifest(CSVPrinter printer) {
        this.printer = printer;
    }

    public static BadRowManifest create(Path directory) throws IOException {
        CSVPrinter printer = new CSVPrinter(
                Files.newBufferedWriter(directory.resolve(FILE_NAME), StandardCharsets.UTF_8), CsvOutput.FORMAT);
        printer.printRecord((Object[]) HEADER);
        return new BadRowManifest(printer);
    }

    void record(String file, long line, String column, BadRowKind kind, String badValue) {
        String reason = badValue == null ? kind.reason() : kind.reason() + ": '" + badValue + "'";
        try {
            printer.printRecord(file, line, column, kind.name(), reason);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rows++;
    }

    /** How many bad rows were planted. */
    public long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        printer.close();
    }
}
