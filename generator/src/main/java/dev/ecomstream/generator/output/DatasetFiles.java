package dev.ecomstream.generator.output;

import dev.ecomstream.generator.random.Seeds;
import dev.ecomstream.schema.Entity;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The seven CSV outputs of one run, all open at once so every entity is written in the same pass, plus the
 * bad-row manifest when bad rows were asked for. Rows are formatted and written by one background thread
 * shared by all files; closing waits for it.
 */
public final class DatasetFiles implements Closeable {

    private final Path directory;
    private final Map<Entity, CsvOutput> outputs = new EnumMap<>(Entity.class);
    private final BadRowManifest manifest;
    private final BackgroundWriter writer = new BackgroundWriter();

    private DatasetFiles(Path directory, BadRowManifest manifest) {
        this.directory = directory;
        this.manifest = manifest;
    }

    /**
     * Opens {@code <entity>.csv} in the directory for each selected entity; the others are discarded.
     *
     * @param badRowFraction share of rows to damage, 0 for none (then no manifest is written)
     */
    public static DatasetFiles open(Path directory, Set<Entity> selected, long seed, double badRowFraction)
            throws IOException {
        Files.createDirectories(directory);
        BadRowManifest manifest = badRowFraction > 0 ? BadRowManifest.create(directory) : null;
        DatasetFiles files = new DatasetFiles(directory, manifest);
        try {
            for (Entity entity : Entity.values()) {
                files.outputs.put(entity, selected.contains(entity)
                        ? CsvOutput.create(directory, entity, timestampStyle(entity),
                                manifest == null ? null : new BadRowPlanter(entity, badRowFraction,
                                        Seeds.random(seed, Seeds.Stream.BAD_ROWS, entity.ordinal()), manifest),
                                files.writer)
                        : CsvOutput.discarding(entity));
            }
        } catch (IOException | RuntimeException e) {
            files.close();
            throw e;
        }
        return files;
    }

    /** Each file spells timestamps one of the ways the real exports do, so the samples cover them all. */
    static TimestampStyle timestampStyle(Entity entity) {
        return switch (entity) {
            case ORDERS -> TimestampStyle.MICROS_UTC;
            case ORDER_ITEMS -> TimestampStyle.TRIMMED_FRACTION_UTC;
            case INVENTORY_ITEMS -> TimestampStyle.OFFSET;
            default -> TimestampStyle.SECONDS_UTC;
        };
    }

    public CsvOutput get(Entity entity) {
        return outputs.get(entity);
    }

    public Path directory() {
        return directory;
    }

    /** Bad rows planted so far. */
    public long badRows() {
        return manifest == null ? 0 : manifest.rows();
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (CsvOutput output : outputs.values()) {
            try {
                output.close();
            } catch (IOException e) {
                failure = failure == null ? e : addSuppressed(failure, e);
            }
        }
        try {
            writer.close();
        } catch (IOException e) {
            failure = failure == null ? e : addSuppressed(failure, e);
        }
        if (manifest != null) {
            manifest.close();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static IOException addSuppressed(IOException first, IOException next) {
        first.addSuppressed(next);
        return first;
    }
}
