package dev.ecomstream.producers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --dry-run checks a file with no broker at all: rejects written, summary printed, nothing sent. */
class DryRunTest {

    @TempDir
    Path dir;

    @Test
    void shouldValidateWithoutABrokerWritingRejectsAndTheReconciledSummary() throws IOException {
        Path file = dir.resolve("distribution_centers.csv");
        Files.writeString(file, "id,name,latitude,longitude\n1,Memphis TN,35.1,-89.9\n2,Chicago IL,north,-87.6\n",
                StandardCharsets.UTF_8);
        int exitCode;
        try (CapturedLog log = new CapturedLog(EntityPublisher.class)) {
            // Port 1 on loopback: nothing listens, so any attempt to reach a broker would fail the run.
            exitCode = ProducerCommand.commandLine().execute("distribution_centers", file.toString(), "--dry-run",
                    "--bootstrap-servers", "127.0.0.1:1", "--progress", "none");
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).startsWith("INFO distribution_centers: "
                    + "read 2 rows from " + file + ", 1 valid (dry run: nothing sent to ecomstream.distribution_centers), "
                    + "rejected 1 (see " + dir.resolve("distribution_centers.rejects.csv") + ") in "));
        }
        assertThat(exitCode).isEqualTo(ExitCodes.ROWS_REJECTED);
        assertThat(Files.readAllLines(dir.resolve("distribution_centers.rejects.csv"))).containsExactly(
                "id,name,latitude,longitude,rejected_line,rejected_column,rejected_reason",
                "2,Chicago IL,north,-87.6,3,latitude,not a decimal number");
    }

    @Test
    void shouldRefuseRateAndReplaySpeedTogetherAsAUsageError() {
        int exitCode = ProducerCommand.commandLine().execute("orders", "../data/orders.csv", "--dry-run",
                "--rate", "10", "--replay-speed", "60");
        assertThat(exitCode).isEqualTo(ExitCodes.USAGE);
    }
}
