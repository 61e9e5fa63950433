package dev.ecomstream.producers.csv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds line breaks in quoted fields of columns that cannot hold one, and splits such a row back into the
 * lines of the file.
 *
 * <p>A quote that is missing or extra makes the CSV parser read every line up to the next quote as one field:
 * {@code 9001,1,"Complete,...} on line 4 and {@code 9003,1,Complete",...} on line 7 give order 9001 a status
 * holding lines 5 and 6 and the start of line 7, and the field count still fits. The rows inside are real
 * rows, but where the quote went wrong is a guess, so none is published: each line of the record becomes a
 * rejected row of its own, counted and written to the rejects file with its line number, and the counts say
 * how many lines went that way. A line's fields are its text cut at commas, with the quote shown where the
 * file has it ({@code "Complete} on line 4, {@code Complete"} on line 7), so the rejects file shows what to fix.
 */
final class QuotedLineBreaks {

    private QuotedLineBreaks() {
    }

    /**
     * The lines of a row whose field in a column without line breaks spans lines, each as a row to reject; or
     * null when every line break of the row is in a column that may hold one.
     *
     * @param startLine the line the row starts on
     * @param values    the row's fields in file order
     */
    static List<CsvRow> splitIfMisplaced(CsvHeader header, long startLine, List<String> values) {
        long line = startLine;
        for (int position = 0; position < values.size(); position++) {
            int breaks = countLineBreaks(values.get(position));
            if (breaks > 0 && !header.mayHoldLineBreaks(position)) {
                return split(startLine, values, columnName(header, position), line, line + breaks);
            }
            line += breaks;
        }
        return null;
    }

    /** The number of line breaks: CR LF, LF and CR each count as one, as the parser counts lines. */
    static int countLineBreaks(String text) {
        int breaks = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                breaks++;
            }
        }
        return breaks;
    }

    private static List<CsvRow> split(long startLine, List<String> values, String column, long opensOn,
                                      long closesOn) {
        List<List<String>> lines = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String value : values) {
            String[] pieces = value.split("\r\n|\n|\r", -1);
            if (pieces.length == 1) {
                current.add(value);
                continue;
            }
            for (int p = 0; p < pieces.length; p++) {
                String piece = (p == 0 ? "\"" : "") + pieces[p] + (p == pieces.length - 1 ? "\"" : "");
                current.addAll(Arrays.asList(piece.split(",", -1)));
                if (p < pieces.length - 1) {
                    lines.add(current);
                    current = new ArrayList<>();
                }
            }
        }
        lines.add(current);
        long lastLine = startLine + lines.size() - 1;
        String where = String.format("quoted field opened on line %d closes on line %d", opensOn, closesOn);
        List<CsvRow> rows = new ArrayList<>(lines.size());
        rows.add(new CsvRow(startLine, lines.get(0), null, new CsvRow.Unreadable(column, String.format(
                "%s, but %s cannot hold a line break, so a quote is missing or extra there. Lines %d to %d are "
                        + "rejected, one row each, and none is published: fix the quote and publish the file again",
                where, column, startLine, lastLine))));
        for (int i = 1; i < lines.size(); i++) {
            rows.add(new CsvRow(startLine + i, lines.get(i), null, new CsvRow.Unreadable(null, String.format(
                    "read into the row of line %d, whose %s (column '%s'); rejected with it",
                    startLine, where, column))));
        }
        return rows;
    }

    private static String columnName(CsvHeader header, int position) {
        return position < header.size() ? header.fileColumns().get(position).trim() : "field " + (position + 1);
    }
}
