package dev.ecomstream.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The named questions, loaded from the classpath: {@code analysis/index.txt} lists the names in report
 * order, and each name has its {@code analysis/<name>.sql}. An index, because a directory inside a jar
 * cannot be listed portably; {@code AnalysisQueryCatalogTest} checks that it and the files agree.
 */
public final class AnalysisQueryCatalog {

    static final String DIRECTORY = "analysis/";
    private static final String INDEX = DIRECTORY + "index.txt";

    private final Map<String, AnalysisQuery> queries;

    private AnalysisQueryCatalog(Map<String, AnalysisQuery> queries) {
        this.queries = Collections.unmodifiableMap(queries);
    }

    /** The catalog shipped with this module. */
    public static AnalysisQueryCatalog load() {
        Map<String, AnalysisQuery> queries = new LinkedHashMap<>();
        for (String line : read(INDEX).split("\\R")) {
            String name = line.trim();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            if (queries.put(name, AnalysisQuery.parse(name, read(DIRECTORY + name + ".sql"))) != null) {
                throw new IllegalStateException(INDEX + " lists '" + name + "' twice");
            }
        }
        return new AnalysisQueryCatalog(queries);
    }

    /** Every query, in report order. */
    public List<AnalysisQuery> all() {
        return List.copyOf(queries.values());
    }

    public Optional<AnalysisQuery> find(String name) {
        return Optional.ofNullable(queries.get(name));
    }

    /** The queries with these names, in the order given; an unknown name fails with the list of known ones. */
    public List<AnalysisQuery> select(List<String> names) {
        List<AnalysisQuery> selected = new ArrayList<>();
        for (String name : names) {
            selected.add(find(name).orElseThrow(() -> new IllegalArgumentException("no query named '" + name
                    + "'; known queries: " + String.join(", ", queries.keySet()))));
        }
        return selected;
    }

    private static String read(String resource) {
        try (InputStream in = AnalysisQueryCatalog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + resource, e);
        }
    }
}
