package dev.ecomstream.generator;

import dev.ecomstream.schema.Entity;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine;

/** Runs the generate command into a directory and reads its files back with commons-csv. */
final class GeneratedFiles {

    static final CSVFormat WITH_HEADER = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();

    private GeneratedFiles() {
    }

    static Path generate(Path directory, String... options) {
        String[] args = new String[options.length + 2];
        System.arraycopy(options, 0, args, 0, options.length);
        args[options.length] = "--out";
        args[options.length + 1] = directory.toString();
        CommandLine command = new CommandLine(new GenerateCommand());
        command.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
        int exitCode = command.execute(args);
        if (exitCode != 0) {
            throw new AssertionError("generate " + String.join(" ", args) + " exited with " + exitCode);
        }
        return directory;
    }

    static List<CSVRecord> read(Path directory, Entity entity) {
        return read(directory.resolve(entity.csvFileName()));
    }

    static List<CSVRecord> read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(reader, WITH_HEADER)) {
            return parser.getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> header(Path directory, Entity entity) {
        try (Reader reader = Files.newBufferedReader(directory.resolve(entity.csvFileName()));
             CSVParser parser = CSVParser.parse(reader, WITH_HEADER)) {
            return parser.getHeaderNames();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
