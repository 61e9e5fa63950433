package dev.ecomstream.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One named business question and the SQL that answers it, read from {@code analysis/<name>.sql}.
 *
 * <p>The file's leading comment lines are its documentation, so the file stays the one place to read or
 * paste into psql: the first is the question in plain words, further free-text lines say how it is measured,
 * and {@code -- key: value} lines say how the report draws it ({@link ChartSpec}).
 *
 * @param name        the file name without {@code .sql}; what {@code --query} takes
 * @param question    the first comment line
 * @param description the other free-text comment lines, joined; may be empty
 * @param chart       how the report draws the answer
 * @param sql         the whole file, comments included (PostgreSQL ignores them)
 */
public record AnalysisQuery(String name, String question, String description, ChartSpec chart, String sql) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern SETTING = Pattern.compile("(chart|label|values|secondary):\\s*(.*)");

    /** Reads a query file's text; the message of a failure names the file and what to fix. */
    public static AnalysisQuery parse(String name, String text) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("query name '" + name + "' must be lower_snake_case");
        }
        List<String> comments = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String trimmed = line.trim();
            if (!trimmed.startsWith("--")) {
                break;
            }
            comments.add(trimmed.substring(2).trim());
        }
        if (comments.isEmpty() || comments.get(0).isEmpty()) {
            throw new IllegalArgumentException(name + ".sql must start with a comment line holding the question, "
                    + "e.g. '-- How many users are there?'");
        }
        String question = comments.get(0);
        List<String> description = new ArrayList<>();
        ChartType type = ChartType.BAR;
        String label = null;
        List<String> values = List.of();
        List<String> secondary = List.of();
        try {
            for (String comment : comments.subList(1, comments.size())) {
                Matcher setting = SETTING.matcher(comment);
                if (!setting.matches()) {
                    description.add(comment);
                    continue;
                }
                String value = setting.group(2).trim();
                switch (setting.group(1)) {
                    case "chart" -> type = ChartType.parse(value);
                    case "label" -> label = value;
                    case "values" -> values = columnList(value);
                    case "secondary" -> secondary = columnList(value);
                    default -> throw new IllegalStateException("pattern and switch disagree: " + comment);
                }
            }
            return new AnalysisQuery(name, question, String.join(" ", description).trim(),
                    new ChartSpec(type, label, values, secondary), text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ".sql: " + e.getMessage(), e);
        }
    }

    private static List<String> columnList(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(column -> !column.isEmpty()).toList();
    }
}
