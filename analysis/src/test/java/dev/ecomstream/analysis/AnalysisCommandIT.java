package dev.ecomstream.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.schema.OneLineFailureHandler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code analyse} command line against the known shop: what it prints, writes and exits with. */
@ExtendWith(DevStackExtension.class)
class AnalysisCommandIT {

    private static String pgUrl;
    private static String pgUser;
    private static String pgPassword;

    @BeforeAll
    static void loadTheShop(DevStack stack) {
        pgUrl = stack.postgres().jdbcUrl(KnownShop.shared(stack).database().name());
        pgUser = stack.postgres().user();
        pgPassword = stack.postgres().password();
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run analyse(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = OneLineFailureHandler.commandLine(new AnalysisCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("--pg-url", pgUrl, "--pg-user", pgUser, "--pg-password", pgPassword));
        args.addAll(List.of(arguments));
        int exitCode = commandLine.execute(args.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void listNamesEveryQueryWithItsQuestion() {
        Run run = analyse("--list");

        assertThat(run.exitCode()).isZero();
        for (AnalysisQuery query : AnalysisQueryCatalog.load().all()) {
            assertThat(run.out()).containsPattern("(?m)^" + query.name() + " +" + java.util.regex.Pattern.quote(
                    query.question()) + "$");
        }
    }

    @Test
    void oneQueryPrintsItsQuestionAndAnAlignedTable() {
        Run run = analyse("--query", "order_status_mix");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("order_status_mix: "
                + AnalysisQueryCatalog.load().find("order_status_mix").orElseThrow().question());
        assertThat(lines.get(1)).matches("status +\\| orders \\| share_pct");
        assertThat(lines.get(2)).matches("-+-\\+-+-\\+-+");
        assertThat(run.out()).contains("Complete").contains("Cancelled").containsPattern("\\(\\d rows\\)");
        assertThat(run.out()).doesNotContain("users_by_gender");
    }

    @Test
    void csvAndHtmlHoldEveryQuery(@TempDir Path directory) throws Exception {
        Path csv = directory.resolve("csv");
        Path html = directory.resolve("report.html");

        Run run = analyse("--no-tables", "--csv", csv.toString(), "--html", html.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Wrote 30 CSV files to").contains("Wrote the report to " + html);
        List<AnalysisQuery> queries = AnalysisQueryCatalog.load().all();
        try (Stream<Path> files = Files.list(csv)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(queries.stream().map(q -> q.name() + ".csv").toList());
        }
        List<String> statusMix = Files.readAllLines(csv.resolve("order_status_mix.csv"), StandardCharsets.UTF_8);
        assertThat(statusMix.get(0)).isEqualTo("status,orders,share_pct");
        assertThat(statusMix).hasSizeGreaterThan(1);
        assertThat(Files.readString(html, StandardCharsets.UTF_8)).contains("id=\"report-data\"")
                .contains("id=\"chart-order_status_mix\"");
    }

    @Test
    void anUnknownQueryIsABadCommandLineThatNamesTheKnownOnes() {
        Run run = analyse("--query", "no_such_question");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no query named 'no_such_question'").contains("users_by_gender");
    }

    @Test
    void aDatabaseWithoutTheSchemaFailsWithWhatToDo(DevStack stack) {
        String empty = "analysis_empty_" + System.nanoTime() % 100000;
        stack.postgres().createDatabase(empty);
        String emptyUrl = stack.postgres().jdbcUrl(empty);

        StringWriter err = new StringWriter();
        CommandLine commandLine = OneLineFailureHandler.commandLine(new AnalysisCommand());
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute("--pg-url", emptyUrl, "--pg-user", pgUser, "--pg-password", pgPassword,
                "--query", "users_count");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains("query users_count failed").contains("run the sink or the normalise");
    }

    /* "[::zz]" is a malformed IPv6 literal: the JDK refuses it before asking any resolver, so no DNS query is sent. */
    @Test
    void aHostThatDoesNotResolveFailsWithWhatToFix() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = AnalysisCommand.commandLine();
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute("--pg-url", "jdbc:postgresql://[::zz]:5432/shop", "--pg-user", pgUser,
                "--query", "users_count");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString().lines().toList()).singleElement().asString().startsWith("analyse failed: ")
                .endsWith(". To fix: the host in --pg-url (PG_URL) does not resolve: check its spelling, or give the "
                        + "server's IP address.");
    }
}
