package dev.ecomstream.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Writes each answer to {@code <dir>/<query name>.csv}: a header line, then every row (RFC 4180 quoting). */
public final class CsvExporter {

    // LF line ends like the project's input CSVs; quoting only where a value needs it
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

    private CsvExporter() {
    }

    /** Writes one file per result, creating the directory if needed; returns the files in result order. */
    public static List<Path> write(List<QueryResult> results, Path directory) {
        List<Path> files = new ArrayList<>(results.size());
        try {
            Files.createDirectories(directory);
            for (QueryResult result : results) {
                Path file = directory.resolve(result.query().name() + ".csv");
                try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                     CSVPrinter printer = new CSVPrinter(writer, FORMAT)) {
                    printer.printRecord(result.columns().stream().map(ResultColumn::name).toList());
                    for (List<Object> row : result.rows()) {
                        List<String> texts = new ArrayList<>(row.size());
                        for (Object value : row) {
                            // null, not "": commons-csv then writes NULL as an empty unquoted field
                            texts.add(value == null ? null : ValueText.of(value));
                        }
                        printer.printRecord(texts);
                    }
                }
                files.add(file);
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CSV files into " + directory + ": " + e.getMessage(), e);
        }
    }
}
