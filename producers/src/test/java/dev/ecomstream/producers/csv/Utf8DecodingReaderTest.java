package dev.ecomstream.producers.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reader decodes in slices and refills a 64 KiB buffer, so characters and bad bytes fall on every kind
 * of boundary in a file of a few hundred KiB; whatever the read sizes, the text must be what the JDK's own
 * decoder makes of it (U+FFFD for each bad sequence) and every bad sequence must be reported where it is.
 */
class Utf8DecodingReaderTest {

    private static final String[] PIECES = {"a", "Zz9,", "\n", "ã", "東京", "😀", "\"q\"", "São Paulo\n"};

    @Test
    void shouldDecodeLikeTheJdkAndReportEveryBadSequenceWithItsOffsetAndLine() throws IOException {
        Random random = new Random(7);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        List<Long> badOffsets = new ArrayList<>();
        List<Long> badLines = new ArrayList<>();
        long line = 1;
        while (file.size() < 300_000) {
            // one bad sequence at most per line: a row is rejected for its first one, the others go with it
            if (random.nextInt(400) == 0 && (badLines.isEmpty() || badLines.get(badLines.size() - 1) != line)) {
                badOffsets.add((long) file.size());
                badLines.add(line);
                // a lone continuation byte, a cut-off three-byte sequence, or a byte that never appears in UTF-8
                byte[][] bad = {{(byte) 0x80}, {(byte) 0xE6, (byte) 0x9D}, {(byte) 0xFF}};
                file.writeBytes(bad[random.nextInt(bad.length)]);
                file.writeBytes(",".getBytes(StandardCharsets.UTF_8)); // so a cut-off sequence ends here
            } else {
                String piece = PIECES[random.nextInt(PIECES.length)];
                file.writeBytes(piece.getBytes(StandardCharsets.UTF_8));
                line += piece.chars().filter(c -> c == '\n').count();
            }
        }
        byte[] bytes = file.toByteArray();
        String expected = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .decode(ByteBuffer.wrap(bytes))
                .toString();

        for (int readSize : new int[] {1, 7, 255, 8192, 100_000}) {
            Utf8DecodingReader reader = new Utf8DecodingReader(new ByteArrayInputStream(bytes));
            StringBuilder text = new StringBuilder();
            char[] chunk = new char[readSize];
            for (int n = reader.read(chunk, 0, readSize); n >= 0; n = reader.read(chunk, 0, readSize)) {
                text.append(chunk, 0, n);
            }

            assertThat(text.toString()).as("text read %d chars at a time", readSize).isEqualTo(expected);
            assertThat(reader.bytesRead()).isEqualTo(bytes.length);
            List<Long> reportedOffsets = new ArrayList<>();
            List<Long> reportedLines = new ArrayList<>();
            for (long upTo = 1; upTo <= line; upTo++) {
                Utf8DecodingReader.InvalidSequence bad = reader.takeInvalidUpTo(upTo);
                if (bad != null) {
                    reportedOffsets.add(bad.byteOffset());
                    reportedLines.add(bad.line());
                }
            }
            assertThat(reportedOffsets).as("bad sequences read %d chars at a time", readSize).isEqualTo(badOffsets);
            assertThat(reportedLines).isEqualTo(badLines);
        }
    }
}
