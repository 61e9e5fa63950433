package dev.ecomstream.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecomstream.schema.Entity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged quickstart jar the way the README tells a newcomer to, and checks its summary. */
class QuickstartJarIT {

    private static final Path JAR = Path.of("target", "ecomstream-quickstart.jar");

    @TempDir
    Path workDir;

    @Test
    void shouldLandEveryPublishedRowAndExitWhenDone() throws Exception {
        assertThat(JAR).as("the quickstart jar is built by the package phase").exists();
        Path summary = workDir.resolve("summary.json");
        Path output = workDir.resolve("output.txt");
        Process process = new ProcessBuilder(javaExecutable(), "-jar", JAR.toAbsolutePath().toString(),
                "--exit-when-done", "--data", SampleDataEndToEndIT.SAMPLE_DATA.toAbsolutePath().toString(),
                "--summary-json", summary.toString(), "--report", workDir.resolve("report.html").toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        boolean exited = process.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly();
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(exited).as("quickstart exited within 5 minutes; it printed:%n%s", printed).isTrue();
        assertThat(process.exitValue()).as("exit code; it printed:%n%s", printed).isZero();
        assertThat(printed).contains("Every published row landed", "psql -h 127.0.0.1", "jdbc:postgresql://127.0.0.1",
                "Normalised into core", "Analysis report");
        assertThat(Files.readString(workDir.resolve("report.html"), StandardCharsets.UTF_8)).contains("purchase_funnel", "users_by_country", "Chart");

        // each part ran as its role's login; their passwords and the superuser's are in the file, never printed
        Path passwordFile = workDir.resolve("pgpass");
        assertThat(printed).contains("PGPASSFILE=" + passwordFile.toAbsolutePath() + " psql -h 127.0.0.1",
                "-U quickstart_analyst ecomstream", "as quickstart_analyst in ecomstream_reader",
                "pg-user=quickstart_sink");
        assertThat(Files.getPosixFilePermissions(passwordFile)).containsExactlyInAnyOrderElementsOf(
                PosixFilePermissions.fromString("rw-------"));
        List<String> passwordLines = Files.readAllLines(passwordFile, StandardCharsets.US_ASCII);
        assertThat(passwordLines).extracting(line -> line.split(":")[3])
                .containsExactlyInAnyOrder("quickstart_analyst", "quickstart_dashboard", "quickstart_sink", "postgres");
        for (String line : passwordLines) {
            String password = line.substring(line.lastIndexOf(':') + 1);
            assertThat(password).hasSizeGreaterThanOrEqualTo(32);
            assertThat(printed).as("printed output").doesNotContain(password);
        }

        JsonNode entities = new ObjectMapper().readTree(summary.toFile()).get("entities");
        List<String> names = new ArrayList<>();
        for (JsonNode entity : entities) {
            names.add(entity.get("entity").asText());
            long rowsInFile = SampleDataEndToEndIT.readCsv(Entity.byName(entity.get("entity").asText()).orElseThrow()).size();
            assertThat(entity.get("read").asLong()).as(entity.toString()).isEqualTo(rowsInFile);
            assertThat(entity.get("published").asLong()).as(entity.toString()).isEqualTo(rowsInFile);
            assertThat(entity.get("landed").asLong()).as(entity.toString()).isEqualTo(rowsInFile);
            assertThat(entity.get("rejected").asLong()).as(entity.toString()).isZero();
        }
        assertThat(names).containsExactly("distribution_centers", "products", "inventory_items", "users", "orders",
                "order_items", "events");
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
