package dev.ecomstream.producers.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecomstream.schema.Entity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvRowReaderTest {

    private static final String HEADER = "id,name,latitude,longitude";

    @TempDir
    Path dir;

    @Test
    void shouldReadRowsWithTheirStartingLineNumbers() throws IOException {
        Path file = write(HEADER + "\n1,Memphis TN,35.1174,-89.9711\n"
                + "2,\"Multi\nline, quoted \"\"name\"\"\",41.8369,-87.6847\n3,Houston TX,29.7604,-95.3698\n");
        List<CsvRow> rows = readAll(file);
        assertThat(rows).extracting(CsvRow::lineNumber).containsExactly(2L, 3L, 5L);
        assertThat(rows.get(1).values().get(1)).isEqualTo("Multi\nline, quoted \"name\"");
    }

    @Test
    void shouldAcceptAByteOrderMarkCrlfAndNoFinalNewline() throws IOException {
        Path file = write("\uFEFF" + HEADER + "\r\n1,Memphis TN,35.1174,-89.9711\r\n2,Chicago IL,41.8369,-87.6847");
        List<CsvRow> rows = readAll(file);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).values()).containsExactly("2", "Chicago IL", "41.8369", "-87.6847");
    }

    @Test
    void shouldMatchColumnsInAnyOrderAndReportUnknownOnes() throws IOException {
        Path file = write("longitude,name,id,latitude,distribution_center_geom,extra\n-89.9711,Memphis,1,35.1,POINT(1 2),x\n");
        try (CsvRowReader reader = CsvRowReader.open(Entity.DISTRIBUTION_CENTERS, file)) {
            assertThat(reader.header().positionOf(0)).isEqualTo(2);
            assertThat(reader.header().unknownColumns()).containsExactly("extra");
        }
    }

    @Test
    void shouldStopBeforeAnyRowWhenARequiredColumnIsMissing() throws IOException {
        Path file = write("id,name,latitude\n1,Memphis,35.1\n");
        assertThatThrownBy(() -> CsvRowReader.open(Entity.DISTRIBUTION_CENTERS, file))
                .isInstanceOf(InvalidCsvHeaderException.class)
                .hasMessageContaining("[longitude]")
                .hasMessageContaining("[id, name, latitude]")
                .hasMessageContaining(file.toString() + ":1");
    }

    @Test
    void shouldRefuseAnEmptyFile() throws IOException {
        Path file = write("");
        assertThatThrownBy(() -> CsvRowReader.open(Entity.PRODUCTS, file))
                .isInstanceOf(InvalidCsvHeaderException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void shouldFlagTheRowHoldingInvalidUtf8AndKeepReadingTheRest() throws IOException {
        byte[] before = (HEADER + "\n1,Memphis TN,35.1,-89.9\n2,\"S").getBytes(StandardCharsets.UTF_8);
        byte[] after = "o\nPaulo\",41.8,-87.6\n3,Houston TX,29.7,-95.3\n".getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("distribution_centers.csv");
        Files.write(file, concat(before, new byte[] {(byte) 0xE3}, after));
        List<CsvRow> rows = readAll(file);
        assertThat(rows).extracting(CsvRow::lineNumber).containsExactly(2L, 3L, 5L);
        assertThat(rows.get(0).invalidUtf8()).isNull();
        assertThat(rows.get(1).invalidUtf8()).isEqualTo("byte 0xE3 at byte offset " + before.length);
        assertThat(rows.get(1).values().get(1)).isEqualTo("S\uFFFDo\nPaulo");
        assertThat(rows.get(2).invalidUtf8()).isNull();
        assertThat(rows.get(2).values()).containsExactly("3", "Houston TX", "29.7", "-95.3");
    }

    @Test
    void shouldNameTheRowStartOfAQuoteThatNeverCloses() throws IOException {
        Path file = write(HEADER + "\n1,Memphis TN,35.1,-89.9\n2,\"Chicago,41.8,-87.6\n3,Houston TX,29.7,-95.3\n");
        try (CsvRowReader reader = CsvRowReader.open(Entity.DISTRIBUTION_CENTERS, file)) {
            var rows = reader.iterator();
            assertThat(rows.next().lineNumber()).isEqualTo(2);
            assertThatThrownBy(rows::next)
                    .isInstanceOf(CsvSyntaxException.class)
                    .hasMessageStartingWith(file + ":3: a quoted field in the row starting on this line is never closed");
        }
    }

    @Test
    void shouldNameTheRowStartOfAQuoteFollowedByText() throws IOException {
        Path file = write(HEADER + "\n1,\"Memphis\" TN,35.1,-89.9\n");
        try (CsvRowReader reader = CsvRowReader.open(Entity.DISTRIBUTION_CENTERS, file)) {
            assertThatThrownBy(() -> reader.iterator().next())
                    .isInstanceOf(CsvSyntaxException.class)
                    .hasMessageStartingWith(file + ":2: a quoted field in the row starting on this line closes on "
                            + "line 2 but text follows the closing quote");
        }
    }

    @Test
    void shouldReturnEachLineOfAFieldSpanningLinesWhereTheColumnTakesNoLineBreak() throws IOException {
        Path file = write(HEADER + "\n1,Memphis TN,35.1,\"-89.9\n2,Chicago IL,41.8,-87.6\r\n3,Houston TX,29.7,-95.3\"");
        List<CsvRow> rows = readAll(file);
        assertThat(rows).extracting(CsvRow::lineNumber).containsExactly(2L, 3L, 4L);
        assertThat(rows).extracting(CsvRow::values).containsExactly(
                List.of("1", "Memphis TN", "35.1", "\"-89.9"),
                List.of("2", "Chicago IL", "41.8", "-87.6"),
                List.of("3", "Houston TX", "29.7", "-95.3\""));
        assertThat(rows.get(0).unreadable()).isEqualTo(new CsvRow.Unreadable("longitude", "quoted field opened on "
                + "line 2 closes on line 4, but longitude cannot hold a line break, so a quote is missing or extra "
                + "there. Lines 2 to 4 are rejected, one row each, and none is published: fix the quote and publish "
                + "the file again"));
        assertThat(rows.subList(1, 3)).extracting(row -> row.unreadable().column()).containsOnlyNulls();
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private Path write(String content) throws IOException {
        Path file = dir.resolve("distribution_centers.csv");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static List<CsvRow> readAll(Path file) throws IOException {
        List<CsvRow> rows = new ArrayList<>();
        try (CsvRowReader reader = CsvRowReader.open(Entity.DISTRIBUTION_CENTERS, file)) {
            reader.forEach(rows::add);
        }
        return rows;
    }
}
