package dev.ecomstream.analysis;

import dev.ecomstream.schema.OneLineFailureHandler;
import dev.ecomstream.schema.PostgresOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code analyse}: runs the named business questions against core and mart, prints them as aligned tables,
 * and optionally writes them as CSV files and as one HTML report with a chart per question.
 */
@Command(name = "analyse", mixinStandardHelpOptions = true,
        description = "Answers the business questions (one named SQL query each) from the normalised schema: "
                + "prints aligned tables, and with --csv / --html also writes CSV files and a self-contained "
                + "HTML report with a chart per question.",
        footer = {"", "Exit codes: 0 done, 1 failed (the message says what to fix), 2 bad command line."})
public final class AnalysisCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PostgresOptions postgres;

    @Option(names = "--list", description = "List the queries (name and question) and exit.")
    boolean list;

    @Option(names = {"-q", "--query"}, paramLabel = "NAME",
            description = "Run only this query (repeatable; default: all, in report order). See --list.")
    List<String> queryNames = List.of();

    @Option(names = "--csv", paramLabel = "DIR", description = "Also write <query name>.csv per query into DIR.")
    Path csvDirectory;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write one self-contained HTML report (charts included, no network needed).")
    Path htmlFile;

    @Option(names = "--title", paramLabel = "TEXT", defaultValue = AnalysisReport.DEFAULT_TITLE,
            description = "Title of the HTML report (default: ${DEFAULT-VALUE}).")
    String title;

    @Option(names = "--max-rows", paramLabel = "N", defaultValue = "25",
            description = "Print at most N rows per table; 0 prints all (CSV and HTML get every row; default: "
                    + "${DEFAULT-VALUE}).")
    int maxRows;

    @Option(names = "--no-tables", description = "Do not print the tables (with --csv or --html).")
    boolean noTables;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line {@link #main} runs, and the tests. */
    static CommandLine commandLine() {
        return OneLineFailureHandler.commandLine(new AnalysisCommand());
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        AnalysisQueryCatalog catalog = AnalysisQueryCatalog.load();
        if (list) {
            for (AnalysisQuery query : catalog.all()) {
                out.printf("%-40s %s%n", query.name(), query.question());
            }
            out.flush();
            return 0;
        }
        if (maxRows < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--max-rows must be 0 (all) or more, was " + maxRows);
        }
        List<AnalysisQuery> queries;
        try {
            queries = queryNames.isEmpty() ? catalog.all() : catalog.select(queryNames);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }

        AnalysisReport report = AnalysisReport.run(dataSource(), queries);
        if (!noTables) {
            out.print(report.formatTables(maxRows));
        }
        if (csvDirectory != null) {
            List<Path> files = report.writeCsv(csvDirectory);
            out.printf("%nWrote %d CSV file%s to %s%n", files.size(), files.size() == 1 ? "" : "s",
                    csvDirectory.toAbsolutePath());
        }
        if (htmlFile != null) {
            out.printf("%nWrote the report to %s%n", report.writeHtml(htmlFile, title));
        }
        out.flush();
        return 0;
    }

    private PGSimpleDataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(postgres.url());
        dataSource.setUser(postgres.user());
        dataSource.setPassword(postgres.passwordForDriver());
        dataSource.setApplicationName("ecomstream-analyse");
        return dataSource;
    }
}
