package dev.ecomstream.generator;

import dev.ecomstream.schema.Entity;
import dev.ecomstream.schema.OneLineFailureHandler;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code generate}: writes TheLook-shaped CSV files at any scale, the same bytes for the same seed,
 * optionally with bad rows planted and listed in {@code bad-rows.csv}.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Writes the seven TheLook CSV files (<entity>.csv), consistent and deterministic.")
public final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--scale", defaultValue = "0.01", paramLabel = "S",
            description = "1.0 is the real dataset (100,000 users, ~2,400,000 events); default ${DEFAULT-VALUE}.")
    double scale;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
            description = "Random seed; the same seed gives the same bytes. Default ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", defaultValue = "generated-data", paramLabel = "DIR",
            description = "Directory for the CSV files (created if missing). Default ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--entities", split = ",", paramLabel = "ENTITY", converter = EntityConverter.class,
            description = "Entities to write, comma-separated (e.g. users,orders). Default: all seven.")
    List<Entity> entities;

    @Option(names = "--bad-rows", defaultValue = "0", paramLabel = "FRACTION",
            description = "Share of rows to damage on purpose, listed in bad-rows.csv. Default ${DEFAULT-VALUE}.")
    double badRows;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its exit codes: 1 and one line for a place the files cannot be written to. */
    static CommandLine commandLine() {
        return new CommandLine(new GenerateCommand())
                .setExecutionExceptionHandler(OneLineFailureHandler.expecting(CannotWriteException.class));
    }

    /** The files cannot be written where --out says: the user's to fix. */
    static final class CannotWriteException extends IOException {
        CannotWriteException(Path out, IOException cause) {
            super("cannot write the CSV files to " + out + " (" + cause.getMessage() + "). To fix: give --out a "
                    + "directory you may create and write.", cause);
        }
    }

    @Override
    public Integer call() throws Exception {
        GeneratorSettings settings;
        try {
            settings = new GeneratorSettings(scale, seed, out,
                    entities == null ? null : EnumSet.copyOf(entities), badRows);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        GenerationReport report;
        try {
            report = new DatasetGenerator(settings).generate();
        } catch (IOException e) {
            throw new CannotWriteException(out, e);
        } catch (UncheckedIOException e) {
            throw new CannotWriteException(out, e.getCause());
        }
        PrintWriter console = spec.commandLine().getOut();
        for (var rows : report.rows().entrySet()) {
            console.printf(Locale.ROOT, "%-26s %,12d rows%n", rows.getKey().csvFileName(), rows.getValue());
        }
        if (report.badRows() > 0) {
            console.printf(Locale.ROOT, "%-26s %,12d bad rows planted%n", "bad-rows.csv", report.badRows());
        }
        console.printf(Locale.ROOT, "Wrote %,d rows, %.1f MB in %.2f s: %.1f MB/s%n", report.totalRows(),
                report.bytes() / 1e6, report.elapsed().toNanos() / 1e9, report.megabytesPerSecond());
        console.flush();
        return 0;
    }

    /** Accepts an entity by its file name ({@code order_items}) or constant name ({@code ORDER_ITEMS}). */
    static final class EntityConverter implements CommandLine.ITypeConverter<Entity> {
        @Override
        public Entity convert(String value) {
            return Entity.byName(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                    "unknown entity '" + value + "'; expected one of " + List.of(Entity.values()).stream()
                            .map(Entity::entityName).toList()));
        }
    }
}
