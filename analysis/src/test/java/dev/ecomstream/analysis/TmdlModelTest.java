package dev.ecomstream.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TMDL reader on the model in {@code analysis/powerbi} and on text outside the subset it knows. */
class TmdlModelTest {

    static final Path DEFINITION = Path.of("powerbi", "ecomstream.SemanticModel", "definition");

    @Test
    void shouldReadTheProjectsModel() {
        TmdlModel model = TmdlModel.read(DEFINITION);

        TmdlModel.Table items = model.table("fact_order_items").orElseThrow();
        assertThat(items.column("gross_sales_amount").orElseThrow().dataType()).isEqualTo("decimal");
        assertThat(items.partition().navigatedView()).contains("mart.fact_order_items");
        assertThat(items.partition().fixedDecimalColumns()).contains("gross_sales_amount", "net_sales_amount");
        assertThat(items.measures()).extracting(TmdlModel.Measure::name).contains("Gross Sales", "Margin %");
        assertThat(model.table("dim_date").orElseThrow().dataCategory()).isEqualTo("Time");
        assertThat(model.relationships()).anySatisfy(r -> {
            assertThat(r.from()).hasToString("fact_order_items.shipped_date_key");
            assertThat(r.active()).isFalse();
        });
        assertThat(model.expressions()).containsExactly("Server", "Database");
    }

    /** Power BI refuses (or silently deactivates) a relationship that opens a second active path between two tables. */
    @Test
    void shouldLeaveOneActivePathBetweenAnyTwoTables() {
        TmdlModel model = TmdlModel.read(DEFINITION);
        Map<String, List<String>> filteredBy = new HashMap<>();
        for (TmdlModel.Relationship r : model.relationships()) {
            if (r.active()) {
                filteredBy.computeIfAbsent(r.from().table(), t -> new ArrayList<>()).add(r.to().table());
            }
        }
        List<String> ambiguous = new ArrayList<>();
        for (TmdlModel.Table table : model.tables()) {
            Map<String, Integer> paths = new HashMap<>();
            countPaths(table.name(), filteredBy, paths, new ArrayDeque<>());
            paths.forEach((to, count) -> {
                if (count > 1) {
                    ambiguous.add(table.name() + " reaches " + to + " by " + count + " active paths");
                }
            });
        }
        assertThat(ambiguous).isEmpty();
    }

    private static void countPaths(String from, Map<String, List<String>> edges, Map<String, Integer> paths,
                                   Deque<String> trail) {
        trail.push(from);
        for (String to : edges.getOrDefault(from, List.of())) {
            assertThat(trail).as("a cycle of active relationships").doesNotContain(to);
            paths.merge(to, 1, Integer::sum);
            countPaths(to, edges, paths, trail);
        }
        trail.pop();
    }

    @Test
    void shouldFindTheReferencesOfAMeasureOutsideItsStrings() {
        TmdlModel.Measure measure = new TmdlModel.Measure("Share",
                "DIVIDE(CALCULATE([Sales], 'dim date'[year] = \"[not a ref]\"), fact_orders[order_count])");

        assertThat(measure.qualifiedReferences()).extracting(Object::toString)
                .containsExactly("dim date.year", "fact_orders.order_count");
        assertThat(measure.measureReferences()).containsExactly("Sales");
    }

    @Test
    void shouldReadAMultiLineMeasure() {
        var table = TmdlTree.parse("t.tmdl", "table t\n\tmeasure 'Two lines' =\n\t\t\tSUM(t[a])\n\t\t\t+ 1\n"
                + "\t\tformatString: 0\n").get(0);

        assertThat(table.children().get(0).expression()).containsExactly("SUM(t[a])", "+ 1");
        assertThat(table.children().get(0).children()).extracting(TmdlTree.Node::text).containsExactly("formatString: 0");
    }

    @Test
    void shouldNameTheLineOfTextOutsideTheSubset() {
        assertThatThrownBy(() -> TmdlTree.parse("t.tmdl", "table t\n    column a\n"))
                .hasMessage("t.tmdl:2: indented with spaces; TMDL indents with tabs");
        assertThatThrownBy(() -> TmdlTree.parse("t.tmdl", "table t\n\t\tcolumn a\n"))
                .hasMessageStartingWith("t.tmdl:2: depth 2 under a line of depth 0");
        assertThatThrownBy(() -> TmdlTree.parse("t.tmdl", "table t\n\tmeasure m = ```\n"))
                .hasMessageContaining("t.tmdl:2: fenced");
    }

    @Test
    void shouldRejectAPropertyItDoesNotKnow(@TempDir Path definition) throws IOException {
        Files.createDirectories(definition.resolve("tables"));
        Files.writeString(definition.resolve("tables/t.tmdl"),
                "table t\n\tcolumn a\n\t\tdataTyp: int64\n\t\tsourceColumn: a\n");
        for (String file : new String[] {"relationships.tmdl", "expressions.tmdl", "model.tmdl"}) {
            Files.writeString(definition.resolve(file), "");
        }

        assertThatThrownBy(() -> TmdlModel.read(definition))
                .hasMessage("t.tmdl:3: unknown property 'dataTyp' (in 'dataTyp: int64')");
    }
}
