package dev.ecomstream.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Streams a CSV export into COPY with the three Kafka coordinate columns every staging table requires in
 * front of each record: the topic, partition 0 and the record's number as the offset. That keeps the
 * reference's rows staging-shaped (the coordinates are NOT NULL and unique per table) without a second pass
 * over the data or a copy of the file.
 *
 * <p>Works on bytes: the only characters that matter (quote, comma, CR, LF) are ASCII and never occur inside
 * a UTF-8 multi-byte sequence, so no decoding is needed. A newline inside a quoted field does not end the
 * record (RFC 4180), and blank lines are skipped. The header record is skipped
 * (with a UTF-8 byte order mark, if any).
 */
final class CoordinatedCsv {

    /** Where the transformed bytes go (PgJDBC's {@code CopyIn#writeToCopy} in practice). */
    interface ByteSink {
        void write(byte[] bytes, int offset, int length) throws IOException;
    }

    private static final int BUFFER = 1 << 16;

    private CoordinatedCsv() {
    }

    /** The column names of the header record. TheLook headers are plain names: no quotes or commas inside. */
    static List<String> header(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        String text = line.toString(StandardCharsets.UTF_8).replace("\uFEFF", "").strip();
        if (text.isEmpty()) {
            throw new IOException("the file has no header line");
        }
        return Arrays.stream(text.split(",", -1)).map(name -> name.strip().replace("\"", "")).toList();
    }

    /**
     * Copies every record after the header to {@code out}, each prefixed with {@code topic,0,N,} where N counts
     * records from 1.
     *
     * @return how many records were written
     */
    static long transfer(InputStream in, String topic, ByteSink out) throws IOException {
        byte[] input = new byte[BUFFER];
        byte[] output = new byte[BUFFER * 2];
        int outLength = 0;
        byte[] topicPrefix = (topic + ",0,").getBytes(StandardCharsets.UTF_8);
        boolean inQuotes = false;
        boolean atRecordStart = true;
        boolean inHeader = true;
        long records = 0;
        int read;
        while ((read = in.read(input)) != -1) {
            for (int i = 0; i < read; i++) {
                byte b = input[i];
                if (inHeader) {
                    if (b == '"') {
                        inQuotes = !inQuotes;
                    } else if (b == '\n' && !inQuotes) {
                        inHeader = false;
                    }
                    continue;
                }
                if (atRecordStart) {
                    if (b == '\n' || b == '\r') {
                        continue; // a blank line is no record
                    }
                    records++;
                    if (outLength + topicPrefix.length + 21 > output.length) {
                        out.write(output, 0, outLength);
                        outLength = 0;
                    }
                    System.arraycopy(topicPrefix, 0, output, outLength, topicPrefix.length);
                    outLength += topicPrefix.length;
                    byte[] number = Long.toString(records).getBytes(StandardCharsets.US_ASCII);
                    System.arraycopy(number, 0, output, outLength, number.length);
                    outLength += number.length;
                    output[outLength++] = ',';
                    atRecordStart = false;
                }
                if (b == '"') {
                    inQuotes = !inQuotes;
                } else if (b == '\n' && !inQuotes) {
                    atRecordStart = true;
                }
                output[outLength++] = b;
                if (outLength >= output.length - 64) {
                    out.write(output, 0, outLength);
                    outLength = 0;
                }
            }
        }
        if (!atRecordStart) {
            output[outLength++] = '\n'; // the last record had no line end
        }
        if (outLength > 0) {
            out.write(output, 0, outLength);
        }
        return records;
    }
}
