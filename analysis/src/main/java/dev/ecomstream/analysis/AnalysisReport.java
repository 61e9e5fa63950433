package dev.ecomstream.analysis;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * The answers to a set of questions, run once, and the ways to hand them on: aligned tables, CSV files,
 * one HTML page. The entry point for other modules (the quickstart) as well as for the command:
 *
 * <pre>{@code
 * AnalysisReport report = AnalysisReport.run(dataSource);
 * Path html = report.writeHtml(Path.of("ecomstream-report.html"));
 * }</pre>
 */
public final class AnalysisReport {

    /** The report's title when none is given. */
    public static final String DEFAULT_TITLE = "ecomstream: what the shop's data says";

    private final List<QueryResult> results;
    private final Instant generatedAt;

    private AnalysisReport(List<QueryResult> results, Instant generatedAt) {
        this.results = List.copyOf(results);
        this.generatedAt = generatedAt;
    }

    /** Runs every query of the catalog. */
    public static AnalysisReport run(DataSource dataSource) {
        return run(dataSource, AnalysisQueryCatalog.load().all());
    }

    /** Runs these queries, in this order. */
    public static AnalysisReport run(DataSource dataSource, List<AnalysisQuery> queries) {
        Instant started = Instant.now();
        return new AnalysisReport(new QueryRunner(dataSource).run(queries), started);
    }

    public List<QueryResult> results() {
        return results;
    }

    /** The answers as aligned tables, separated by a blank line; {@code maxRows} 0 shows every row. */
    public String formatTables(int maxRows) {
        TableFormatter formatter = new TableFormatter(maxRows);
        StringBuilder out = new StringBuilder();
        for (QueryResult result : results) {
            out.append(out.isEmpty() ? "" : "\n").append(formatter.format(result));
        }
        return out.toString();
    }

    /** Writes {@code <name>.csv} per answer into the directory; returns the files. */
    public List<Path> writeCsv(Path directory) {
        return CsvExporter.write(results, directory);
    }

    /** Writes the self-contained HTML report; returns its absolute path (to print or open). */
    public Path writeHtml(Path file) {
        return writeHtml(file, DEFAULT_TITLE);
    }

    public Path writeHtml(Path file, String title) {
        new HtmlReportWriter(title).write(results, file, generatedAt);
        return file.toAbsolutePath();
    }
}
