package dev.ecomstream.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One check of the mart's data, as a dbt project's tests: a name and a query that counts the rows breaking it.
 * The checks are listed in {@code data_tests.txt} next to this class, one per line.
 *
 * @param name       what is checked, e.g. {@code relationship fact_events.customer_key -> dim_customer.customer_key}
 * @param failingSql counts the rows that break it; 0 is a pass
 */
public record DataTest(String name, String failingSql) {

    private static final String RESOURCE = "data_tests.txt";
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    /** Every check of {@code data_tests.txt}, in its order. */
    public static List<DataTest> load() {
        List<DataTest> tests = new ArrayList<>();
        String[] lines = ResourceText.read(DataTest.class, RESOURCE).split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].replaceFirst("#.*", "").strip();
            if (!line.isEmpty()) {
                tests.add(parse(line, RESOURCE + ":" + (i + 1)));
            }
        }
        return tests;
    }

    /** A check from its line; {@code where} names the line in an error. */
    static DataTest parse(String line, String where) {
        String[] words = line.split("\\s+");
        String kind = words[0];
        int expectedWords = switch (kind) {
            case "unique", "not_null" -> 3;
            case "accepted_values" -> 4;
            case "relationship" -> 5;
            default -> throw new IllegalArgumentException(where + ": unknown check '" + kind
                    + "'; use unique, not_null, relationship or accepted_values");
        };
        if (words.length != expectedWords) {
            throw new IllegalArgumentException(where + ": '" + line + "' has " + words.length + " words, " + kind
                    + " takes " + expectedWords);
        }
        String view = identifier(words[1], where);
        String column = identifier(words[2], where);
        String subject = view + "." + column;
        return switch (kind) {
            case "unique" -> new DataTest("unique " + subject, "SELECT count(*) FROM (SELECT " + column + " FROM mart."
                    + view + " WHERE " + column + " IS NOT NULL GROUP BY 1 HAVING count(*) > 1) duplicated");
            case "not_null" -> new DataTest("not_null " + subject,
                    "SELECT count(*) FROM mart." + view + " WHERE " + column + " IS NULL");
            case "accepted_values" -> new DataTest("accepted_values " + subject + " in " + words[3],
                    "SELECT count(*) FROM mart." + view + " WHERE " + column + " NOT IN ("
                            + Arrays.stream(words[3].split(",")).map(value -> "'" + value.replace("'", "''") + "'")
                                    .collect(Collectors.joining(", ")) + ")");
            default -> {
                String parent = identifier(words[3], where);
                String key = identifier(words[4], where);
                yield new DataTest("relationship " + subject + " -> " + parent + "." + key,
                        "SELECT count(*) FROM mart." + view + " child WHERE child." + column + " IS NOT NULL"
                                + " AND NOT EXISTS (SELECT FROM mart." + parent + " parent WHERE parent." + key
                                + " = child." + column + ")");
            }
        };
    }

    private static String identifier(String word, String where) {
        if (!NAME.matcher(word).matches()) {
            throw new IllegalArgumentException(where + ": '" + word + "' is not a lower-case SQL name");
        }
        return word;
    }
}
