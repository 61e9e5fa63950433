package dev.ecomstream.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No module reads another module's private tables: the published views are the contract (DESIGN.md, "the mart
 * is a contract"; docs/architecture.md, "Who owns which table"). Every module's main SQL resources, and the SQL
 * in its Java string literals, are scanned for schema-qualified names; each is checked against the one ownership
 * map below ({@link #PUBLISHED}, {@link #PRIVATE_OWNERS}) and the few reads allowed with a reason
 * ({@link #ALLOWED}).
 */
class TableOwnershipTest {

    private static final Path ROOT = Path.of("..");

    /** Schemas anyone may read: the analysts' mart, the monitoring views, the personal-data views. */
    static final Set<String> PUBLISHED = Set.of("mart", "ops", "personal");

    /**
     * Schemas private to the modules named: staging is the sink's landing zone (the schema module migrates it and
     * its normaliser reads it); core is the normaliser's, in the schema module. R__20's views over core
     * (core.pending and the cleaning views) are for operators in psql and granted to no role: not published.
     */
    static final Map<String, Set<String>> PRIVATE_OWNERS = Map.of(
            "staging", Set.of("schema", "sink"),
            "core", Set.of("schema"));

    /**
     * Reads of private tables by a module that does not own them, each with why. {@code file} is a path inside
     * the module ({@code ""}: any file); {@code table} ends in {@code *} for any table of the schema, which is
     * also what a name built at run time ({@code "FROM core." + table}, {@code entity.stagingTable()}) counts as.
     */
    static final List<Allowance> ALLOWED = List.of(
            new Allowance("testkit", "", "staging.*",
                    "test support standing in for the sink: it lands staging rows as the sink does (nothing in it ships)"),
            new Allowance("testkit", "", "core.*",
                    "test support: a test compares what the normaliser wrote, table by table, before and after a change"),
            new Allowance("bench", "", "staging.*",
                    "the benchmark's reference load COPYs straight into staging, as psql \\copy would: the figure the"
                            + " sink is measured against"),
            new Allowance("bench", "", "core.*",
                    "the benchmark measures the normaliser where it writes, before any view: freshness by polling"
                            + " core.events, progress by rows per core table, the reference load by core.table_references"),
            new Allowance("quickstart", "src/main/java/dev/ecomstream/quickstart/QuickstartPipeline.java", "core.*",
                    "the demo prints how many rows each core table holds once normalised: the normaliser's output"
                            + " table by table, which no published view counts"));

    private static final Pattern QUALIFIED_NAME = Pattern.compile(
            "\\b(staging|core|mart|ops|personal)\\.([a-z_][a-z0-9_]*)?");
    // A Java literal is SQL when it holds a statement's keyword in capitals; a message that names a table for a
    // reader ("see core.pending") is not a read of it.
    private static final Pattern SQL_KEYWORD = Pattern.compile(
            "\\b(SELECT|INSERT|UPDATE|DELETE|COPY|TRUNCATE|FROM|JOIN)\\b");
    private static final Pattern SQL_COMMENT = Pattern.compile("--[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);

    @Test
    void shouldReadNoPrivateTableOfAnotherModule() {
        List<String> violations = new ArrayList<>();
        for (Reference reference : referencesIn(ROOT)) {
            Set<String> owners = PRIVATE_OWNERS.get(reference.schema());
            if (owners != null && !owners.contains(reference.module())
                    && ALLOWED.stream().noneMatch(allowance -> allowance.covers(reference))) {
                violations.add(reference.module() + "/" + reference.file() + " reads " + reference.table()
                        + ", which is private to " + String.join(" and ", new TreeSet<>(owners))
                        + ". To fix: read a published view (" + String.join(", ", new TreeSet<>(PUBLISHED))
                        + "), or add the read with its reason to TableOwnershipTest.ALLOWED");
            }
        }
        assertThat(violations).as("reads of another module's private tables").isEmpty();
    }

    @Test
    void shouldNeedEveryAllowance() {
        List<Reference> references = referencesIn(ROOT);
        for (Allowance allowance : ALLOWED) {
            assertThat(references.stream().anyMatch(allowance::covers))
                    .as("%s in %s/%s is allowed but no longer read. To fix: remove its entry from"
                            + " TableOwnershipTest.ALLOWED", allowance.table(), allowance.module(), allowance.file())
                    .isTrue();
        }
    }

    @Test
    void shouldFindTheTablesThatSqlFilesAndSqlInJavaLiteralsRead(@TempDir Path root) throws IOException {
        Path module = root.resolve("reader");
        Files.createDirectories(module.resolve("src/main/resources/queries"));
        Files.createDirectories(module.resolve("src/main/java/x"));
        Files.writeString(module.resolve("pom.xml"), "<project/>");
        Files.writeString(module.resolve("src/main/resources/queries/q.sql"), """
                -- reads core.ignored_in_a_comment
                SELECT * FROM mart.fact_orders JOIN core.products USING (product_id)
                """);
        Files.writeString(module.resolve("src/main/java/x/Reader.java"), """
                package x;
                /** Javadoc naming staging.ignored_in_javadoc. */
                class Reader {
                    String message = "see staging.ignored_in_a_message";
                    String sql = "SELECT count(*) FROM staging.sink_offsets";
                    String dynamic = "SELECT count(*) FROM core." + name();
                    String block = \"""
                            SELECT 1 FROM ops.sink_progress\""";
                    String entity = "INSERT INTO " + dev.ecomstream.schema.Entity.ORDERS.stagingTable();
                    String name() { return "t"; }
                }
                """);

        assertThat(referencesIn(root)).extracting(Reference::file, Reference::table).containsExactlyInAnyOrder(
                tuple("src/main/resources/queries/q.sql", "mart.fact_orders"),
                tuple("src/main/resources/queries/q.sql", "core.products"),
                tuple("src/main/java/x/Reader.java", "staging.sink_offsets"),
                tuple("src/main/java/x/Reader.java", "core.*"),
                tuple("src/main/java/x/Reader.java", "ops.sink_progress"),
                tuple("src/main/java/x/Reader.java", "staging.*"));
    }

    /** A schema-qualified name in a module's main code; {@code table} is {@code schema.*} for a name built at run time. */
    record Reference(String module, String file, String table) {

        String schema() {
            return table.substring(0, table.indexOf('.'));
        }
    }

    /** A read of a private table by a module that does not own it, allowed for the reason given. */
    record Allowance(String module, String file, String table, String reason) {

        boolean covers(Reference reference) {
            return reference.module().equals(module)
                    && (file.isEmpty() || reference.file().equals(file))
                    && (table.endsWith("*") ? reference.table().startsWith(table.substring(0, table.length() - 1))
                            : reference.table().equals(table));
        }
    }

    /** Every module under {@code root} (a folder with a pom.xml): the names its main SQL and Java code reads. */
    private static List<Reference> referencesIn(Path root) {
        List<Reference> references = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(dir -> Files.isRegularFile(dir.resolve("pom.xml"))).sorted().toList()) {
                Path main = module.resolve("src/main");
                if (!Files.isDirectory(main)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(main)) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        String relative = module.relativize(file).toString().replace('\\', '/');
                        String moduleName = module.getFileName().toString();
                        for (String table : tablesIn(file)) {
                            references.add(new Reference(moduleName, relative, table));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return references;
    }

    private static Set<String> tablesIn(Path file) throws IOException {
        String name = file.getFileName().toString();
        Set<String> tables = new TreeSet<>();
        if (name.endsWith(".sql")) {
            addQualifiedNames(SQL_COMMENT.matcher(Files.readString(file, StandardCharsets.UTF_8)).replaceAll(" "),
                    tables);
        } else if (name.endsWith(".java")) {
            CompilationUnit unit = parse(file);
            unit.findAll(StringLiteralExpr.class).forEach(literal -> addSqlNames(literal.asString(), tables));
            unit.findAll(TextBlockLiteralExpr.class).forEach(literal -> addSqlNames(literal.asString(), tables));
            // the catalog's name of an entity's staging table, built at run time
            unit.findAll(MethodCallExpr.class, call -> call.getNameAsString().equals("stagingTable")
                    && call.getArguments().isEmpty()).forEach(call -> tables.add("staging.*"));
        }
        return tables;
    }

    private static void addSqlNames(String literal, Set<String> tables) {
        if (SQL_KEYWORD.matcher(literal).find()) {
            addQualifiedNames(literal, tables);
        }
    }

    private static void addQualifiedNames(String sql, Set<String> tables) {
        Matcher name = QUALIFIED_NAME.matcher(sql);
        while (name.find()) {
            tables.add(name.group(1) + "." + (name.group(2) == null ? "*" : name.group(2)));
        }
    }

    private static CompilationUnit parse(Path file) throws IOException {
        JavaParser parser = new JavaParser(new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
        ParseResult<CompilationUnit> result = parser.parse(file);
        if (!result.isSuccessful() || result.getResult().isEmpty()) {
            throw new IllegalStateException("cannot parse " + file + ": " + result.getProblems());
        }
        return result.getResult().get();
    }
}
