package dev.ecomstream.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Formats an answer as an aligned plain-text table for the terminal: the question as a title, numbers
 * right-aligned, text left-aligned, like psql's aligned output.
 */
public final class TableFormatter {

    private final int maxRows;

    /** @param maxRows show at most this many rows and say how many were left out; 0 shows every row */
    public TableFormatter(int maxRows) {
        if (maxRows < 0) {
            throw new IllegalArgumentException("maxRows must be 0 (all) or more, was " + maxRows);
        }
        this.maxRows = maxRows;
    }

    public String format(QueryResult result) {
        List<ResultColumn> columns = result.columns();
        int shown = maxRows == 0 ? result.rows().size() : Math.min(maxRows, result.rows().size());
        List<List<String>> cells = new ArrayList<>(shown);
        int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = displayWidth(columns.get(c).name());
        }
        for (List<Object> row : result.rows().subList(0, shown)) {
            List<String> texts = new ArrayList<>(row.size());
            for (int c = 0; c < row.size(); c++) {
                String text = ValueText.of(row.get(c)).replaceAll("\\R", " ");
                widths[c] = Math.max(widths[c], displayWidth(text));
                texts.add(text);
            }
            cells.add(texts);
        }

        StringBuilder out = new StringBuilder();
        out.append(result.query().name()).append(": ").append(result.query().question()).append('\n');
        List<String> header = columns.stream().map(ResultColumn::name).toList();
        appendLine(out, header, widths, columns, true);
        for (int c = 0; c < columns.size(); c++) {
            out.append(c == 0 ? "" : "-+-").append("-".repeat(widths[c]));
        }
        out.append('\n');
        for (List<String> row : cells) {
            appendLine(out, row, widths, columns, false);
        }
        int total = result.rows().size();
        if (shown < total) {
            out.append("(").append(shown).append(" of ").append(total)
                    .append(" rows shown; --max-rows 0 shows all, --csv writes all)\n");
        } else {
            out.append("(").append(total).append(total == 1 ? " row" : " rows").append(")\n");
        }
        return out.toString();
    }

    /**
     * Terminal columns a text takes: Chinese, Japanese and Korean characters take two, combining accents none
     * (the sample data has names like {@code Sophia 王}; counting chars would shift every column after them).
     */
    static int displayWidth(String text) {
        int width = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            int type = Character.getType(codePoint);
            if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK) {
                continue;
            }
            Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
            boolean wide = script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                    || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL
                    || (codePoint >= 0x3000 && codePoint <= 0x303F) // CJK punctuation
                    || (codePoint >= 0xFF01 && codePoint <= 0xFF60); // full-width forms
            width += wide ? 2 : 1;
        }
        return width;
    }

    private static void appendLine(StringBuilder out, List<String> texts, int[] widths, List<ResultColumn> columns,
                                   boolean header) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < texts.size(); c++) {
            if (c > 0) {
                line.append(" | ");
            }
            String text = texts.get(c);
            String padding = " ".repeat(widths[c] - displayWidth(text));
            // headers centre nothing and numbers align on their last digit, as psql does
            if (columns.get(c).numeric() && !header) {
                line.append(padding).append(text);
            } else {
                line.append(text).append(padding);
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
