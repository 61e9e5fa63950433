package dev.ecomstream.bench;

import dev.ecomstream.generator.GenerateCommand;
import dev.ecomstream.schema.Entity;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The CSV files of a run: given with {@code --data}, or written by the generator. Generated files are kept
 * (the generator writes the same bytes for the same scale and seed) and reused by the next run, so a rerun
 * does not spend minutes writing 3 million rows again.
 */
final class TestData {

    private static final Logger log = LoggerFactory.getLogger(TestData.class);
    private static final String DONE_MARKER = "generated.done";

    private TestData() {
    }

    /** The directory holding the files for {@code scale} and {@code seed} under {@code root}, generated if needed. */
    static Path generated(Path root, double scale, long seed) {
        Path dir = root.resolve(String.format(Locale.ROOT, "scale-%s-seed-%d", ResultsTable.number(scale, 4), seed));
        if (Files.exists(dir.resolve(DONE_MARKER)) && hasAllFiles(dir)) {
            log.info("Reusing the scale-{} data in {}", ResultsTable.number(scale, 4), dir);
            return dir;
        }
        log.info("Generating scale-{} data (seed {}) into {}", ResultsTable.number(scale, 4), seed, dir);
        StringWriter output = new StringWriter();
        CommandLine generate = new CommandLine(new GenerateCommand());
        generate.setOut(new PrintWriter(output));
        generate.setErr(new PrintWriter(output));
        int exit = generate.execute("--scale", Double.toString(scale), "--seed", Long.toString(seed),
                "--out", dir.toString());
        if (exit != 0) {
            throw new IllegalStateException("The generator failed (exit " + exit + "): " + output);
        }
        log.info("Generator: {}", output.toString().strip().replace("\n", "; "));
        try {
            Files.writeString(dir.resolve(DONE_MARKER), "scale " + scale + ", seed " + seed + "\n");
        } catch (IOException e) {
            log.warn("Could not mark {} as complete; the next run generates it again: {}", dir, e.getMessage());
        }
        return dir;
    }

    /** Checks that {@code dir} holds the seven {@code <entity>.csv} files. */
    static Path requireAllFiles(Path dir) {
        List<String> missing = Arrays.stream(Entity.values()).map(Entity::csvFileName)
                .filter(name -> !Files.isReadable(dir.resolve(name))).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(dir.toAbsolutePath() + " lacks " + missing
                    + ": the benchmark needs the seven TheLook exports named <entity>.csv");
        }
        return dir;
    }

    private static boolean hasAllFiles(Path dir) {
        return Arrays.stream(Entity.values()).allMatch(e -> Files.isReadable(dir.resolve(e.csvFileName())));
    }
}
