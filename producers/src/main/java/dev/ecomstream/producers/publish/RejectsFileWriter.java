package dev.ecomstream.producers.publish;

import dev.ecomstream.producers.convert.RowRejection;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes rejected rows to {@code <input name>.rejects.csv}: the original fields under the original header,
 * followed by the line, column and reason. The file is created on the first rejection only, so a clean run
 * leaves nothing behind, and a rerun replaces the previous run's file.
 */
public final class RejectsFileWriter implements Closeable {

    private final Path rejectsFile;
    private final List<String> header;
    private CSVPrinter printer;

    public RejectsFileWriter(Path rejectsFile, List<String> inputHeader) {
        this.rejectsFile = rejectsFile;
        this.header = new ArrayList<>(inputHeader);
        this.header.addAll(List.of("rejected_line", "rejected_column", "rejected_reason"));
    }

    /** Where the rejects of {@code input} go: next to it, or in {@code rejectsDir} when given. */
    public static Path rejectsFileFor(Path input, Path rejectsDir) {
        String name = input.getFileName().toString().replaceFirst("\\.csv$", "") + ".rejects.csv";
        Path directory = rejectsDir != null ? rejectsDir : input.toAbsolutePath().getParent();
        return directory.resolve(name);
    }

    public void write(RowRejection rejection) throws IOException {
        if (printer == null) {
            Files.createDirectories(rejectsFile.toAbsolutePath().getParent());
            Writer writer = Files.newBufferedWriter(rejectsFile, StandardCharsets.UTF_8);
            printer = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get());
        }
        List<Object> record = new ArrayList<>(rejection.fields());
        record.add(rejection.lineNumber());
        record.add(rejection.column() == null ? "" : rejection.column());
        record.add(rejection.reason());
        printer.printRecord(record);
    }

    /** The rejects file, whether or not anything was written to it. */
    public Path path() {
        return rejectsFile;
    }

    public boolean wroteAny() {
        return printer != null;
    }

    @Override
    public void close() throws IOException {
        if (printer != null) {
            printer.close(true);
        }
    }
}
