package dev.ecomstream.analysis;

import dev.ecomstream.analysis.TmdlTree.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The part of a Power BI semantic model in TMDL that {@code analysis/powerbi} uses, read strictly: tables with
 * their columns, measures and M partition, relationships, the parameters of {@code expressions.tmdl} and the
 * tables {@code model.tmdl} lists. Anything outside that subset (a keyword this reader does not know, an
 * indentation with spaces, a depth skipped, a fenced expression) is an error naming the file and line, so
 * the checks of {@link PowerBiModelIT} never pass over text they did not understand.
 * The layout of lines is {@link TmdlTree}'s.
 */
record TmdlModel(List<Table> tables, List<Relationship> relationships, Set<String> expressions,
                 List<String> tableRefs) {

    record Table(String name, String file, String dataCategory, List<Column> columns, List<Measure> measures,
                 Partition partition) {

        Optional<Column> column(String columnName) {
            return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
        }

        boolean hasColumnOrMeasure(String name) {
            return column(name).isPresent() || measures.stream().anyMatch(m -> m.name().equals(name));
        }
    }

    record Column(String name, String dataType, String sourceColumn, boolean isKey, String sortByColumn) {
    }

    record Measure(String name, String expression) {

        private static final Pattern STRING_LITERAL = Pattern.compile("\"(?:[^\"]|\"\")*\"");
        private static final Pattern QUALIFIED =
                Pattern.compile("('(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_]*)\\[([^\\]]+)\\]");
        private static final Pattern UNQUALIFIED = Pattern.compile("(?<![\\w'\\]])\\[([^\\]]+)\\]");

        /** The Table[Name] and 'Table'[Name] references of the DAX (columns, or measures of that table). */
        List<ColumnRef> qualifiedReferences() {
            return QUALIFIED.matcher(dax()).results()
                    .map(m -> new ColumnRef(m.group(1).replaceAll("^'|'$", "").replace("''", "'"), m.group(2)))
                    .toList();
        }

        /** The [Name] references without a table: other measures. */
        List<String> measureReferences() {
            return UNQUALIFIED.matcher(dax()).results().map(m -> m.group(1)).toList();
        }

        private String dax() {
            return STRING_LITERAL.matcher(expression).replaceAll("\"\"");
        }
    }

    /** An M partition: {@code source} is its query. */
    record Partition(String name, String mode, String source) {

        private static final Pattern NAVIGATION =
                Pattern.compile("\\{\\[Schema=\"([^\"]+)\",Item=\"([^\"]+)\"\\]\\}\\[Data\\]");
        private static final Pattern SELECTED_COLUMNS =
                Pattern.compile("Table\\.SelectColumns\\(\\w+, \\{([^}]*)\\}\\)");
        private static final Pattern FIXED_DECIMAL = Pattern.compile("\\{\"([^\"]+)\", Currency\\.Type\\}");
        private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

        /** schema.view navigated to, if the query navigates to exactly one. */
        Optional<String> navigatedView() {
            List<String> views = NAVIGATION.matcher(source).results()
                    .map(m -> m.group(1) + "." + m.group(2)).toList();
            return views.size() == 1 ? Optional.of(views.get(0)) : Optional.empty();
        }

        /** The columns of the Table.SelectColumns step, in order; empty if there is none. */
        List<String> selectedColumns() {
            Matcher select = SELECTED_COLUMNS.matcher(source);
            return select.find() ? QUOTED.matcher(select.group(1)).results().map(m -> m.group(1)).toList() : List.of();
        }

        /** The columns the query types as Currency.Type, which Power BI stores as fixed decimal. */
        Set<String> fixedDecimalColumns() {
            return FIXED_DECIMAL.matcher(source).results().map(m -> m.group(1)).collect(Collectors.toSet());
        }
    }

    record ColumnRef(String table, String column) {

        @Override
        public String toString() {
            return table + "." + column;
        }
    }

    record Relationship(String name, ColumnRef from, ColumnRef to, boolean active) {
    }

    Optional<Table> table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    List<Measure> measures() {
        return tables.stream().flatMap(t -> t.measures().stream()).toList();
    }

    /** Reads {@code definition/} of a {@code *.SemanticModel} folder. */
    static TmdlModel read(Path definition) {
        List<Table> tables;
        try (Stream<Path> files = Files.list(definition.resolve("tables"))) {
            tables = files.filter(f -> f.toString().endsWith(".tmdl")).sorted().map(TmdlModel::readTable).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the tables of " + definition, e);
        }
        List<Relationship> relationships = parseRelationships(TmdlTree.read(definition.resolve("relationships.tmdl")));
        Set<String> expressions = parseExpressions(TmdlTree.read(definition.resolve("expressions.tmdl")));
        List<String> tableRefs = parseTableRefs(TmdlTree.read(definition.resolve("model.tmdl")));
        return new TmdlModel(tables, relationships, expressions, tableRefs);
    }

    private static Table readTable(Path file) {
        List<Node> roots = TmdlTree.read(file);
        if (roots.size() != 1 || !roots.get(0).text().startsWith("table ")) {
            throw new IllegalArgumentException(file + ": a table file holds one 'table' object at depth 0");
        }
        return parseTable(roots.get(0));
    }

    private static Table parseTable(Node table) {
        String name = name(table, "table ");
        String dataCategory = null;
        List<Column> columns = new ArrayList<>();
        List<Measure> measures = new ArrayList<>();
        Partition partition = null;
        for (Node child : table.children()) {
            String text = child.text();
            if (text.startsWith("column ")) {
                columns.add(parseColumn(child));
            } else if (text.startsWith("measure ")) {
                measures.add(parseMeasure(child));
            } else if (text.startsWith("partition ")) {
                if (partition != null) {
                    throw child.error("a second partition; this model has one per table");
                }
                partition = parsePartition(child);
            } else if (text.startsWith("dataCategory: ")) {
                dataCategory = value(child);
            } else if (!isMetadata(text)) {
                throw child.error("unknown table property");
            }
        }
        if (partition == null) {
            throw table.error("table without a partition");
        }
        return new Table(name, table.where().replaceFirst(":\\d+$", ""), dataCategory, columns, measures, partition);
    }

    private static Column parseColumn(Node column) {
        String name = name(column, "column ");
        if (name.contains(" = ")) {
            throw column.error("calculated columns are not in the subset this reader knows");
        }
        Map<String, String> properties = properties(column,
                Set.of("dataType", "sourceColumn", "sortByColumn", "formatString", "summarizeBy", "displayFolder",
                        "dataCategory"),
                Set.of("isKey", "isHidden"));
        for (String required : List.of("dataType", "sourceColumn")) {
            if (!properties.containsKey(required)) {
                throw column.error("column without " + required);
            }
        }
        return new Column(name, properties.get("dataType"), properties.get("sourceColumn"),
                properties.containsKey("isKey"), properties.get("sortByColumn"));
    }

    private static Measure parseMeasure(Node measure) {
        String header = measure.text().substring("measure ".length());
        int equals = header.indexOf(" =");
        if (equals < 0) {
            throw measure.error("a measure is 'measure <name> = <DAX>'");
        }
        String name = unquote(header.substring(0, equals), measure);
        String inline = header.substring(equals + 2).strip();
        String expression = (inline + "\n" + String.join("\n", measure.expression())).strip();
        properties(measure, Set.of("formatString", "displayFolder"), Set.of("isHidden"));
        return new Measure(name, expression);
    }

    private static Partition parsePartition(Node partition) {
        String header = partition.text();
        if (!header.endsWith(" = m")) {
            throw partition.error("only M partitions ('partition <name> = m') are in the subset this reader knows");
        }
        String name = unquote(header.substring("partition ".length(), header.length() - " = m".length()), partition);
        String mode = null;
        String source = null;
        for (Node child : partition.children()) {
            if (child.text().startsWith("mode: ")) {
                mode = value(child);
            } else if (child.text().equals("source =")) {
                source = String.join("\n", child.expression());
            } else if (!isMetadata(child.text())) {
                throw child.error("unknown partition property");
            }
        }
        if (mode == null || source == null) {
            throw partition.error("a partition needs 'mode:' and 'source ='");
        }
        return new Partition(name, mode, source);
    }

    private static List<Relationship> parseRelationships(List<Node> roots) {
        List<Relationship> relationships = new ArrayList<>();
        for (Node node : roots) {
            String name = name(node, "relationship ");
            Map<String, String> properties = properties(node,
                    Set.of("fromColumn", "toColumn", "isActive", "crossFilteringBehavior"), Set.of());
            if (!properties.containsKey("fromColumn") || !properties.containsKey("toColumn")) {
                throw node.error("a relationship needs fromColumn and toColumn");
            }
            String active = properties.getOrDefault("isActive", "true");
            if (!active.equals("true") && !active.equals("false")) {
                throw node.error("isActive is true or false");
            }
            relationships.add(new Relationship(name, columnRef(properties.get("fromColumn"), node),
                    columnRef(properties.get("toColumn"), node), Boolean.parseBoolean(active)));
        }
        return relationships;
    }

    private static Set<String> parseExpressions(List<Node> roots) {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (Node node : roots) {
            if (!node.text().startsWith("expression ") || !node.text().contains(" = ")) {
                throw node.error("expressions.tmdl holds 'expression <name> = <M>' objects only");
            }
            names.add(unquote(node.text().substring("expression ".length(), node.text().indexOf(" = ")), node));
            properties(node, Set.of("queryGroup"), Set.of());
        }
        return names;
    }

    private static List<String> parseTableRefs(List<Node> roots) {
        List<String> refs = new ArrayList<>();
        for (Node node : roots) {
            if (node.text().startsWith("ref table ")) {
                refs.add(unquote(node.text().substring("ref table ".length()), node));
            } else if (!node.text().startsWith("model ") && !isMetadata(node.text())) {
                throw node.error("unknown object in model.tmdl");
            }
        }
        return refs;
    }

    /** Properties ("key: value") and flags ("key") of a node; metadata lines are skipped, anything else fails. */
    private static Map<String, String> properties(Node node, Set<String> keys, Set<String> flags) {
        Map<String, String> properties = new java.util.HashMap<>();
        for (Node child : node.children()) {
            String text = child.text();
            int colon = text.indexOf(": ");
            String key = colon < 0 ? text : text.substring(0, colon);
            if (colon < 0 && flags.contains(key) || colon >= 0 && keys.contains(key)) {
                if (properties.put(key, colon < 0 ? "" : text.substring(colon + 2).strip()) != null) {
                    throw child.error("'" + key + "' set twice");
                }
            } else if (!isMetadata(text)) {
                throw child.error("unknown property '" + key + "'");
            }
        }
        return properties;
    }

    /** What Power BI keeps for itself and nothing here checks: lineage tags, annotations, changed properties. */
    private static boolean isMetadata(String text) {
        return text.startsWith("lineageTag: ") || text.startsWith("annotation ") || text.startsWith("changedProperty ")
                || text.startsWith("sourceLineageTag: ");
    }

    private static String value(Node node) {
        return node.text().substring(node.text().indexOf(": ") + 2).strip();
    }

    private static String name(Node node, String keyword) {
        if (!node.text().startsWith(keyword)) {
            throw node.error("expected '" + keyword.strip() + "'");
        }
        return unquote(node.text().substring(keyword.length()), node);
    }

    private static final Pattern QUOTED_NAME = Pattern.compile("'((?:[^']|'')+)'");
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*|[0-9a-f-]{36}");

    private static String unquote(String name, Node node) {
        Matcher quoted = QUOTED_NAME.matcher(name.strip());
        if (quoted.matches()) {
            return quoted.group(1).replace("''", "'");
        }
        if (PLAIN_NAME.matcher(name.strip()).matches()) {
            return name.strip();
        }
        throw node.error("'" + name + "' is neither a plain name nor quoted in single quotes");
    }

    private static final Pattern COLUMN_REF = Pattern.compile("('(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_]*)\\.(.+)");

    private static ColumnRef columnRef(String text, Node node) {
        Matcher ref = COLUMN_REF.matcher(text);
        if (!ref.matches()) {
            throw node.error("'" + text + "' is not Table.Column");
        }
        return new ColumnRef(unquote(ref.group(1), node), unquote(ref.group(2), node));
    }
}
