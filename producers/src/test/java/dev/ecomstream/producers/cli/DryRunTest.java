package dev.ecomstream.producers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.producers.CapturedLog;
import dev.ecomstream.producers.publish.EntityPublisher;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --dry-run checks a file with no broker at all: rejects written, summary printed, nothing sent. */
class DryRunTest {

    @TempDir
    Path dir;

    /** A file that is not there: one line naming it and what to pass, without the exception's class name. */
    @Test
    void shouldNameAMissingFileInOneLine() {
        Path missing = dir.resolve("orders.csv");
        StringWriter err = new StringWriter();
        int exitCode = ProducerCommand.commandLine().setErr(new PrintWriter(err)).execute("orders",
                missing.toString(), "--dry-run", "--progress", "none");
        assertThat(err.toString().lines()).containsExactly("ecomstream-producers orders failed: "
                + missing.toAbsolutePath() + " is not a readable file; pass the path of a TheLook CSV export");
        assertThat(exitCode).isEqualTo(ExitCodes.FAILED);
    }

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
    void shouldRejectOutOfRangeAndOversizedRowsWithFileAndLineAndGoOn() throws IOException {
        Path file = dir.resolve("order_items.csv");
        String row = ",1,1,1,1,Complete,2022-06-17 02:52:23 UTC,,,,";
        Files.writeString(file, "id,order_id,user_id,product_id,inventory_item_id,status,created_at,shipped_at,"
                + "delivered_at,returned_at,sale_price\n1" + row + "1e2147483647\n2" + row + "9".repeat(900) + "\n3"
                + row + "49.99\n", StandardCharsets.UTF_8);
        int exitCode;
        try (CapturedLog log = new CapturedLog(EntityPublisher.class)) {
            exitCode = ProducerCommand.commandLine().execute("order_items", file.toString(), "--dry-run",
                    "--kafka-property", "max.request.size=800", "--progress", "none");
            assertThat(log.lines()).filteredOn(line -> line.startsWith("WARN"))
                    .extracting(line -> line.substring(line.indexOf(".csv:") + 5, line.indexOf(": column 'sale_price'")))
                    .containsExactly("2", "3");
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("read 3 rows", "1 valid", "rejected 2"));
        }
        assertThat(exitCode).isEqualTo(ExitCodes.ROWS_REJECTED);
        assertThat(Files.readAllLines(dir.resolve("order_items.rejects.csv"))).hasSize(3);
    }

    @Test
    void shouldRefuseAMaxRequestSizeThatIsNotANumberAsAUsageError() {
        int exitCode = ProducerCommand.commandLine().execute("orders", "../data/orders.csv", "--dry-run",
                "--kafka-property", "max.request.size=1MB");
        assertThat(exitCode).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void shouldRefuseRateAndReplaySpeedTogetherAsAUsageError() {
        int exitCode = ProducerCommand.commandLine().execute("orders", "../data/orders.csv", "--dry-run",
                "--rate", "10", "--replay-speed", "60");
        assertThat(exitCode).isEqualTo(ExitCodes.USAGE);
    }
}
