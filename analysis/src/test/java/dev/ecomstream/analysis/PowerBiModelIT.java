package dev.ecomstream.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Power BI model of {@code analysis/powerbi} against the mart it reads, on the known shop: every table's
 * view, every column's source column and type, every relationship's keys, the date table, every measure's
 * references. Each test lists all its problems at once, one line each. The queries run as
 * {@code ecomstream_reader}, so the model needs no more than a BI login may read.
 */
@ExtendWith(DevStackExtension.class)
class PowerBiModelIT {

    /** The PostgreSQL types (format_type) each TMDL dataType may be read from without loss or time zone. */
    private static final Map<String, Predicate<String>> COMPATIBLE_TYPES = Map.of(
            "int64", Set.of("smallint", "integer", "bigint")::contains,
            // Power BI's fixed decimal holds 4 decimals: exactly the mart's money type
            "decimal", "numeric(19,4)"::equals,
            "double", Set.of("numeric", "double precision", "real")::contains,
            // never timestamptz: Power BI turns it into the refreshing machine's zone
            "dateTime", Set.of("timestamp without time zone", "date")::contains,
            "string", type -> type.equals("text") || type.startsWith("character varying"),
            "boolean", "boolean"::equals);

    private final TmdlModel model = TmdlModel.read(TmdlModelTest.DEFINITION);
    private final DevStack stack;
    private Connection connection;

    PowerBiModelIT(DevStack stack) {
        this.stack = stack;
    }

    @BeforeEach
    void connectAsReader() throws SQLException {
        connection = KnownShop.shared(stack).database().dataSource().getConnection();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL ROLE ecomstream_reader");
        }
    }

    @AfterEach
    void disconnect() throws SQLException {
        connection.rollback();
        connection.close();
    }

    @Test
    void shouldReadEveryTableAndColumnFromTheMartWithACompatibleType() throws SQLException {
        List<String> problems = new ArrayList<>();
        for (TmdlModel.Table table : model.tables()) {
            String where = table.file() + ": table " + table.name();
            TmdlModel.Partition partition = table.partition();
            if (!partition.source().contains("PostgreSQL.Database(Server, Database)")
                    || !model.expressions().containsAll(List.of("Server", "Database"))) {
                problems.add(where + ": the partition does not connect with PostgreSQL.Database(Server, Database), "
                        + "the parameters of expressions.tmdl");
            }
            if (!Set.of("import", "directQuery", "dual").contains(partition.mode())) {
                problems.add(where + ": partition mode " + partition.mode() + "; use import, directQuery or dual");
            }
            String view = partition.navigatedView().orElse(null);
            if (view == null || !view.startsWith("mart.")) {
                problems.add(where + ": the partition navigates to " + view + ", not to one mart view");
                continue;
            }
            Map<String, String> viewColumns = columnTypes(view.substring("mart.".length()));
            if (viewColumns.isEmpty()) {
                problems.add(where + ": " + view + " does not exist (or ecomstream_reader cannot see it)");
                continue;
            }
            List<String> sourceColumns = table.columns().stream().map(TmdlModel.Column::sourceColumn).toList();
            if (!partition.selectedColumns().equals(sourceColumns)) {
                problems.add(where + ": Table.SelectColumns lists " + partition.selectedColumns()
                        + " but the columns' sourceColumns are " + sourceColumns);
            }
            for (TmdlModel.Column column : table.columns()) {
                String type = viewColumns.get(column.sourceColumn());
                if (type == null) {
                    problems.add(where + ": column " + column.name() + ": " + view + " has no column "
                            + column.sourceColumn());
                } else if (!COMPATIBLE_TYPES.getOrDefault(column.dataType(), t -> false).test(type)) {
                    problems.add(where + ": column " + column.name() + " is " + column.dataType() + " but "
                            + view + "." + column.sourceColumn() + " is " + type);
                }
                if (column.sortByColumn() != null && table.column(column.sortByColumn()).isEmpty()) {
                    problems.add(where + ": column " + column.name() + " sorts by a column the table does not have: "
                            + column.sortByColumn());
                }
            }
            Set<String> decimalColumns = table.columns().stream().filter(c -> c.dataType().equals("decimal"))
                    .map(TmdlModel.Column::sourceColumn).collect(Collectors.toSet());
            if (!partition.fixedDecimalColumns().equals(decimalColumns)) {
                problems.add(where + ": the query types " + partition.fixedDecimalColumns()
                        + " as Currency.Type but the decimal columns are " + decimalColumns
                        + " (a numeric column not typed so is imported as floating point)");
            }
        }
        assertThat(problems).withFailMessage("%n%s", String.join("\n", problems)).isEmpty();
    }

    @Test
    void shouldListEveryTableInModelTmdl() {
        assertThat(model.tableRefs()).containsExactlyInAnyOrderElementsOf(
                model.tables().stream().map(TmdlModel.Table::name).toList());
    }

    @Test
    void shouldFindTheDimensionRowOfEveryFactKey() throws SQLException {
        List<String> problems = new ArrayList<>();
        for (TmdlModel.Relationship relationship : model.relationships()) {
            String where = "relationships.tmdl: " + relationship.from() + " -> " + relationship.to();
            String from = sourceOf(relationship.from(), where, problems);
            String to = sourceOf(relationship.to(), where, problems);
            if (from == null || to == null) {
                continue;
            }
            long duplicates = count("SELECT count(*) - count(DISTINCT " + to + ") FROM " + viewOf(relationship.to()));
            if (duplicates != 0) {
                problems.add(where + ": " + duplicates + " duplicate keys on the one side of a many-to-one relationship");
            }
            // a NULL key (an order not shipped yet) is a blank in Power BI, not a missing row
            long orphans = count("SELECT count(*) FROM " + viewOf(relationship.from()) + " f WHERE f." + from
                    + " IS NOT NULL AND NOT EXISTS (SELECT FROM " + viewOf(relationship.to()) + " d WHERE d." + to
                    + " = f." + from + ")");
            if (orphans != 0) {
                problems.add(where + ": " + orphans + " rows whose key has no row on the other side");
            }
        }
        assertThat(problems).withFailMessage("%n%s", String.join("\n", problems)).isEmpty();
        assertThat(model.relationships()).as("relationships").hasSizeGreaterThan(10);
    }

    /**
     * The aggregates the normaliser keeps are tables of the model (checked above like every other table), related
     * by every key they have, so that Manage aggregations can map them onto the facts (docs/powerbi.md).
     */
    @Test
    void shouldRelateEveryKeyOfTheAggregateTablesToItsDimension() {
        List<String> problems = new ArrayList<>();
        for (String aggregate : List.of("daily_sales", "daily_orders", "daily_sessions")) {
            TmdlModel.Table table = model.table(aggregate).orElse(null);
            if (table == null) {
                problems.add("tables/" + aggregate + ".tmdl: the model has no table for the aggregate mart."
                        + aggregate);
                continue;
            }
            String where = table.file() + ": table " + aggregate;
            if (!table.partition().navigatedView().equals(Optional.of("mart." + aggregate))) {
                problems.add(where + ": the partition navigates to " + table.partition().navigatedView()
                        + ", not to mart." + aggregate);
            }
            for (TmdlModel.Column column : table.columns()) {
                TmdlModel.ColumnRef key = new TmdlModel.ColumnRef(aggregate, column.name());
                if (column.sourceColumn().endsWith("_key") && model.relationships().stream()
                        .noneMatch(r -> r.active() && r.from().equals(key))) {
                    problems.add(where + ": column " + column.name() + " has no active relationship to a dimension");
                }
            }
            if (model.relationships().stream().noneMatch(r -> r.active() && r.from().table().equals(aggregate)
                    && r.to().equals(new TmdlModel.ColumnRef("dim_date", "date_key")))) {
                problems.add(where + ": no active relationship to dim_date.date_key");
            }
        }
        assertThat(problems).withFailMessage("%n%s", String.join("\n", problems)).isEmpty();
    }

    @Test
    void shouldMarkOneDateTableWithAUniqueDateKey() throws SQLException {
        List<TmdlModel.Table> dateTables = model.tables().stream()
                .filter(t -> "Time".equals(t.dataCategory())).toList();
        assertThat(dateTables).as("tables with dataCategory: Time").extracting(TmdlModel.Table::name)
                .containsExactly("dim_date");
        List<TmdlModel.Column> keys = dateTables.get(0).columns().stream().filter(TmdlModel.Column::isKey).toList();
        assertThat(keys).as("isKey columns of dim_date").hasSize(1);
        assertThat(keys.get(0).dataType()).isEqualTo("dateTime");

        String date = keys.get(0).sourceColumn();
        assertThat(count("SELECT count(*) - count(DISTINCT " + date + ") FROM mart.dim_date"))
                .as("duplicate or NULL dates in dim_date").isZero();
        assertThat(count("SELECT count(*) FROM mart.dim_date")).as("days").isGreaterThan(365);
    }

    @Test
    void shouldReferOnlyToColumnsAndMeasuresTheModelHas() {
        Set<String> measureNames = model.measures().stream().map(TmdlModel.Measure::name).collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        for (TmdlModel.Table table : model.tables()) {
            for (TmdlModel.Measure measure : table.measures()) {
                String where = table.file() + ": measure " + measure.name();
                for (TmdlModel.ColumnRef ref : measure.qualifiedReferences()) {
                    if (model.table(ref.table()).map(t -> !t.hasColumnOrMeasure(ref.column())).orElse(true)) {
                        problems.add(where + ": " + ref + " is neither a column nor a measure of the model");
                    }
                }
                for (String ref : measure.measureReferences()) {
                    if (!measureNames.contains(ref)) {
                        problems.add(where + ": [" + ref + "] is not a measure of the model");
                    }
                }
            }
        }
        assertThat(problems).withFailMessage("%n%s", String.join("\n", problems)).isEmpty();
        assertThat(measureNames).contains("Gross Sales", "Net Sales", "Margin %", "Orders", "Average Order Value",
                "Conversion Rate", "Items Sold", "Return Rate");
    }

    /** The source column behind a model column, or null (and a problem) if the model has no such column. */
    private String sourceOf(TmdlModel.ColumnRef ref, String where, List<String> problems) {
        TmdlModel.Column column = model.table(ref.table()).flatMap(t -> t.column(ref.column())).orElse(null);
        if (column == null) {
            problems.add(where + ": the model has no column " + ref);
            return null;
        }
        if (!column.dataType().equals("int64")) {
            problems.add(where + ": " + ref + " is " + column.dataType() + "; relationships join integer keys");
        }
        return column.sourceColumn();
    }

    private String viewOf(TmdlModel.ColumnRef ref) {
        return model.table(ref.table()).orElseThrow().partition().navigatedView().orElseThrow();
    }

    /** Column name to format_type of a mart view; empty if the view does not exist. */
    private Map<String, String> columnTypes(String view) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                        + "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE n.nspname = 'mart' AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped "
                        + "ORDER BY a.attnum")) {
            query.setString(1, view);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    types.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return types;
    }

    private long count(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
