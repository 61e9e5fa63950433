package dev.ecomstream.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed samples in {@code data/} are exactly what the command written in {@code data/README.md}
 * produces, so neither the files nor the documentation can drift from the generator.
 */
class SampleDataTest {

    /** Tests run in the module directory; the samples are beside it. */
    private static final Path DATA = Path.of("..", "data");
    private static final String JAR = "ecomstream-generator.jar";

    @TempDir
    Path temp;

    @Test
    void committedSamplesEqualWhatTheDocumentedCommandGenerates() throws IOException {
        GeneratedFiles.generate(temp, documentedOptions());
        List<String> committed = csvFiles(DATA);
        assertThat(committed).containsExactlyInAnyOrderElementsOf(csvFiles(temp));
        for (String file : committed) {
            assertThat(Files.mismatch(DATA.resolve(file), temp.resolve(file)))
                    .as("first differing byte of data/%s (stale: regenerate it with the README's command)", file)
                    .isEqualTo(-1L);
        }
    }

    /** The options of the {@code java -jar ...ecomstream-generator.jar} line in the README, without --out. */
    private static String[] documentedOptions() throws IOException {
        String command = Files.readAllLines(DATA.resolve("README.md"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains(JAR))
                .findFirst()
                .orElseThrow(() -> new AssertionError("data/README.md names no " + JAR + " command"));
        List<String> words = Arrays.asList(command.substring(command.indexOf(JAR) + JAR.length()).trim().split("\\s+"));
        List<String> options = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).equals("--out")) {
                i++;
            } else {
                options.add(words.get(i));
            }
        }
        return options.toArray(String[]::new);
    }

    private static List<String> csvFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".csv")).sorted().toList();
        }
    }
}
