package dev.ecomstream.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes one self-contained HTML file: per question its text, a chart and the table of numbers. Chart.js
 * and the data are inlined ({@link ChartLibrary}, {@link ChartData}), so the file opens offline, can be
 * mailed, and shows the same numbers whenever it is opened.
 */
public final class HtmlReportWriter {

    /** Longer answers (sessions per day over years) are charted in full but tabled only this far. */
    static final int MAX_TABLE_ROWS = 200;

    private static final String TEMPLATE = "report-template.html";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z-]+)}}");
    private static final DateTimeFormatter GENERATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final String title;

    public HtmlReportWriter(String title) {
        this.title = title;
    }

    /** Writes the report of these answers to the file (parent directories created), replacing it. */
    public void write(List<QueryResult> results, Path file, Instant generatedAt) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, render(results, generatedAt), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + file + ": " + e.getMessage(), e);
        }
    }

    /** The page as text. */
    String render(List<QueryResult> results, Instant generatedAt) {
        ChartLibrary library = ChartLibrary.load();
        StringBuilder contents = new StringBuilder();
        StringBuilder sections = new StringBuilder();
        List<Map<String, Object>> charts = new ArrayList<>();
        for (QueryResult result : results) {
            AnalysisQuery query = result.query();
            contents.append("<li><a href=\"#q-").append(query.name()).append("\">")
                    .append(HtmlText.escape(query.question())).append("</a></li>\n");
            appendSection(sections, result);
            charts.add(ChartData.of(result));
        }
        String generated = "Generated " + GENERATED.format(generatedAt) + " from " + results.size()
                + " questions; each answers a named query of the analysis module (analyse --query NAME).";
        Map<String, String> values = Map.of(
                "title", HtmlText.escape(title),
                "generated", HtmlText.escape(generated),
                "contents", contents.toString(),
                "sections", sections.toString(),
                "chart-library-version", HtmlText.escape(library.version()),
                "report-data", JsonText.of(Map.of("charts", charts)),
                "chart-library", library.inlineScript());
        // one pass over the template: text put in (the data, the library) is never searched for placeholders
        Matcher placeholder = PLACEHOLDER.matcher(template());
        StringBuilder page = new StringBuilder();
        while (placeholder.find()) {
            String value = values.get(placeholder.group(1));
            if (value == null) {
                throw new IllegalStateException(TEMPLATE + " has an unknown placeholder " + placeholder.group());
            }
            placeholder.appendReplacement(page, Matcher.quoteReplacement(value));
        }
        placeholder.appendTail(page);
        return page.toString();
    }

    private static void appendSection(StringBuilder out, QueryResult result) {
        AnalysisQuery query = result.query();
        String kind = query.chart().type() == ChartType.KPI ? " kpi" : "";
        out.append("<section id=\"q-").append(query.name()).append("\">\n")
                .append("<h2>").append(HtmlText.escape(query.question())).append("</h2>\n");
        if (!query.description().isEmpty()) {
            out.append("<p class=\"how\">").append(HtmlText.escape(query.description())).append("</p>\n");
        }
        out.append("<div class=\"chart").append(kind).append("\" id=\"chart-").append(query.name())
                .append("\"></div>\n");
        int rows = result.rows().size();
        out.append("<details><summary>The numbers (").append(rows).append(rows == 1 ? " row" : " rows")
                .append(")</summary>\n<table>\n<thead><tr>");
        for (ResultColumn column : result.columns()) {
            out.append("<th>").append(HtmlText.escape(column.name())).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        for (List<Object> row : result.rows().subList(0, Math.min(rows, MAX_TABLE_ROWS))) {
            out.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                out.append(result.columns().get(i).numeric() ? "<td class=\"num\">" : "<td>")
                        .append(HtmlText.escape(ValueText.of(row.get(i)))).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n");
        if (rows > MAX_TABLE_ROWS) {
            out.append("<p class=\"meta\">First ").append(MAX_TABLE_ROWS).append(" of ").append(rows)
                    .append(" rows; analyse --query ").append(query.name()).append(" --csv DIR writes them all.</p>\n");
        }
        out.append("</details>\n<p class=\"meta\">").append(query.name()).append(".sql, ")
                .append(result.elapsed().toMillis()).append(" ms</p>\n</section>\n");
    }

    private static String template() {
        return ResourceText.read(HtmlReportWriter.class, TEMPLATE);
    }
}
