package dev.ecomstream.producers.csv;

import dev.ecomstream.schema.Entity;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Streams the rows of a TheLook CSV export with constant memory: RFC 4180 quoting (commas, quotes and line
 * breaks inside fields), UTF-8 with or without a byte order mark, CRLF or LF, with or without a final line
 * break. The header is matched against the catalog before any row is returned.
 *
 * <p>A row holding bytes that are not UTF-8 is returned with {@link CsvRow#invalidUtf8()} set, so it is
 * rejected like any bad row and the rest of the file is still read. A quoted field that spans lines in a
 * column that cannot hold a line break is returned as one rejected row per line ({@link QuotedLineBreaks}). A
 * quote that breaks the CSV structure ends the reading with a {@link CsvSyntaxException} naming the line where
 * the broken row starts.
 */
public final class CsvRowReader implements Closeable, Iterable<CsvRow> {

    private static final String EOF_IN_QUOTES = "EOF reached before encapsulated token finished";
    private static final String TEXT_AFTER_QUOTE = "Invalid character between encapsulated token and delimiter";
    private static final Pattern LINE_IN_MESSAGE = Pattern.compile("at line: ([\\d,]+)");

    private final Path file;
    private final Utf8DecodingReader text;
    private final CSVParser parser;
    private final CsvHeader header;

    private CsvRowReader(Path file, Utf8DecodingReader text, CSVParser parser, CsvHeader header) {
        this.file = file;
        this.text = text;
        this.parser = parser;
        this.header = header;
    }

    /**
     * Opens a file and checks its header.
     *
     * @throws InvalidCsvHeaderException when the header does not fit the entity
     * @throws CsvSyntaxException        when the header line itself is not valid CSV
     * @throws IOException               when the file cannot be read
     */
    public static CsvRowReader open(Entity entity, Path file) throws IOException {
        Utf8DecodingReader text = new Utf8DecodingReader(Files.newInputStream(file));
        try {
            CSVParser parser;
            try {
                parser = CSVFormat.RFC4180.builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .setAllowMissingColumnNames(true)
                        .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL)
                        .get()
                        .parse(text);
            } catch (UncheckedIOException e) {
                throw syntaxError(file, 1, e.getCause());
            }
            List<String> headerNames = parser.getHeaderNames();
            if (headerNames.isEmpty()) {
                throw new InvalidCsvHeaderException(file + ":1: the file is empty; a " + entity.entityName()
                        + " file starts with a header line naming its columns");
            }
            Utf8DecodingReader.InvalidSequence inHeader = text.takeInvalidUpTo(1);
            if (inHeader != null) {
                throw new InvalidCsvHeaderException(String.format("%s:1: the header is not valid UTF-8 (%s); "
                        + "save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8) and run again",
                        file, inHeader.describe()));
            }
            return new CsvRowReader(file, text, parser, CsvHeader.match(entity, file, headerNames));
        } catch (IOException | RuntimeException e) {
            text.close();
            throw e;
        }
    }

    public CsvHeader header() {
        return header;
    }

    public Path file() {
        return file;
    }

    /** Bytes read from the file so far, for progress reporting (the reader runs up to 64 KiB ahead). */
    public long bytesRead() {
        return text.bytesRead();
    }

    @Override
    public Iterator<CsvRow> iterator() {
        Iterator<CSVRecord> records = parser.iterator();
        return new Iterator<>() {
            private long lastLineRead = 1;
            /** The lines of a row split by {@link QuotedLineBreaks}, still to be returned. */
            private final Deque<CsvRow> splitLines = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                try {
                    return !splitLines.isEmpty() || records.hasNext();
                } catch (UncheckedIOException e) {
                    throw unreadable(e);
                }
            }

            @Override
            public CsvRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (!splitLines.isEmpty()) {
                    return splitLines.poll();
                }
                CSVRecord record;
                try {
                    record = records.next();
                } catch (UncheckedIOException e) {
                    throw unreadable(e);
                }
                long startLine = lastLineRead + 1;
                lastLineRead = Math.max(startLine, parser.getCurrentLineNumber());
                List<String> values = Arrays.asList(record.values());
                Utf8DecodingReader.InvalidSequence invalid = text.takeInvalidUpTo(lastLineRead);
                if (lastLineRead > startLine) {
                    List<CsvRow> lines = QuotedLineBreaks.splitIfMisplaced(header, startLine, values);
                    if (lines != null) {
                        lastLineRead = Math.max(lastLineRead, lines.get(lines.size() - 1).lineNumber());
                        splitLines.addAll(lines);
                        return splitLines.poll();
                    }
                }
                return new CsvRow(startLine, values, invalid == null ? null : invalid.describe(), null);
            }

            private RuntimeException unreadable(UncheckedIOException e) {
                return syntaxError(file, lastLineRead + 1, e.getCause());
            }
        };
    }

    /*
     * commons-csv reports where it noticed the problem (the end of the file, or the closing quote), but the
     * mistake is at the start of the row the quoted field belongs to, so that is the line we name.
     */
    private static RuntimeException syntaxError(Path file, long rowStartLine, IOException cause) {
        String message = String.valueOf(cause.getMessage());
        if (message.contains(EOF_IN_QUOTES)) {
            return new CsvSyntaxException(String.format("%s:%d: a quoted field in the row starting on this line "
                    + "is never closed, so the rest of the file reads as one field; nothing from this line on is "
                    + "published. Close the quote (a quote inside a quoted field is written twice: \"\") and run "
                    + "the file again", file, rowStartLine), rowStartLine);
        }
        if (message.contains(TEXT_AFTER_QUOTE)) {
            Matcher at = LINE_IN_MESSAGE.matcher(message);
            String where = at.find() ? "on line " + at.group(1).replace(",", "") : "later";
            return new CsvSyntaxException(String.format("%s:%d: a quoted field in the row starting on this line "
                    + "closes %s but text follows the closing quote; nothing from this line on is published. "
                    + "Quote the whole field and double each quote inside it (\"\"), then run the file again",
                    file, rowStartLine, where), rowStartLine);
        }
        return new UncheckedIOException(String.format("%s: cannot read past line %d: %s", file, rowStartLine - 1,
                message), cause);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
