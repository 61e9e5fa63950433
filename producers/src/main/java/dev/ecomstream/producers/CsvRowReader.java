package dev.ecomstream.producers;

import dev.ecomstream.schema.Entity;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams the rows of a TheLook CSV export with constant memory: RFC 4180 quoting (commas, quotes and line
 * breaks inside fields), UTF-8 with or without a byte order mark, CRLF or LF, with or without a final line
 * break. The header is matched against the catalog before any row is returned.
 */
public final class CsvRowReader implements Closeable, Iterable<CsvRow> {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final Path file;
    private final CountingInputStream bytes;
    private final CSVParser parser;
    private final CsvHeader header;

    private CsvRowReader(Path file, CountingInputStream bytes, CSVParser parser, CsvHeader header) {
        this.file = file;
        this.bytes = bytes;
        this.parser = parser;
        this.header = header;
    }

    /**
     * Opens a file and checks its header.
     *
     * @throws InvalidCsvHeaderException when the header does not fit the entity
     * @throws IOException               when the file cannot be read
     */
    public static CsvRowReader open(Entity entity, Path file) throws IOException {
        CountingInputStream bytes = new CountingInputStream(Files.newInputStream(file));
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(bytes, StandardCharsets.UTF_8
                    .newDecoder()
                    // Text is published byte for byte, so bytes that are not UTF-8 are an error, not a '?'.
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
            skipByteOrderMark(reader);
            CSVParser parser = CSVFormat.RFC4180.builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .setAllowMissingColumnNames(true)
                    .setAllowDuplicateHeaderNames(true)
                    .get()
                    .parse(reader);
            List<String> headerNames = parser.getHeaderNames();
            if (headerNames.isEmpty()) {
                throw new InvalidCsvHeaderException(file + ":1: the file is empty; a " + entity.entityName()
                        + " file starts with a header line naming its columns");
            }
            return new CsvRowReader(file, bytes, parser, CsvHeader.match(entity, file, headerNames));
        } catch (IOException | RuntimeException e) {
            bytes.close();
            throw e;
        }
    }

    private static void skipByteOrderMark(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != BYTE_ORDER_MARK) {
            reader.reset();
        }
    }

    public CsvHeader header() {
        return header;
    }

    public Path file() {
        return file;
    }

    /** Bytes read from the file so far, for progress reporting. */
    public long bytesRead() {
        return bytes.count();
    }

    @Override
    public Iterator<CsvRow> iterator() {
        Iterator<CSVRecord> records = parser.iterator();
        return new Iterator<>() {
            private long lastLineRead = 1;

            @Override
            public boolean hasNext() {
                try {
                    return records.hasNext();
                } catch (UncheckedIOException e) {
                    throw unreadable(e);
                }
            }

            @Override
            public CsvRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                CSVRecord record;
                try {
                    record = records.next();
                } catch (UncheckedIOException e) {
                    throw unreadable(e);
                }
                long startLine = lastLineRead + 1;
                lastLineRead = Math.max(startLine, parser.getCurrentLineNumber());
                List<String> values = new ArrayList<>(record.size());
                record.forEach(values::add);
                return new CsvRow(startLine, values);
            }

            private UncheckedIOException unreadable(UncheckedIOException e) {
                return new UncheckedIOException(String.format("%s: cannot read past line %d: %s",
                        file, lastLineRead, e.getCause().getMessage()), e.getCause());
            }
        };
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    /** Counts bytes so progress can be shown as a share of the file size. */
    private static final class CountingInputStream extends java.io.FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        long count() {
            return count;
        }
    }
}
