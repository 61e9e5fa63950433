package dev.ecomstream.bench;

import dev.ecomstream.schema.ColumnDefinition;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.schema.SchemaMigrator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second reference: what a user could do instead of the pipeline, the seven CSV files loaded with
 * PostgreSQL's COPY FROM STDIN (what {@code psql \copy} does) straight into typed tables with primary and
 * foreign keys, parents first. No cleaning, no versions, no lineage: the simplest relational load.
 *
 * <p>The tables are those of the catalog (one per entity, its columns and key); the foreign keys are those of
 * core between entities ({@code core.table_references}), so the relations are not written a second time.
 */
final class KeyedLoad {

    private static final Logger log = LoggerFactory.getLogger(KeyedLoad.class);

    /** What the reference measured. */
    record Result(long rows, double seconds) {

        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    Result run(Path dataDir, BenchDatabase database) throws IOException, SQLException {
        // for core.table_references: the relations between entities
        SchemaMigrator.migrate(database.dataSource());
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA keyed");
            for (Entity entity : Entity.values()) {
                statement.execute(createTable(entity));
            }
            for (String foreignKey : foreignKeys(statement)) {
                statement.execute(foreignKey);
            }
        }
        Result result = copyTimed(dataDir, database, List.of(Entity.values()));
        log.info("Keyed load: COPY of {} rows into keyed tables in {} s", result.rows(),
                String.format("%.1f", result.seconds()));
        return result;
    }

    /**
     * One entity's file alone, COPYed into its keyed table: the same table and COPY as {@link #run}, without
     * the foreign keys (its parents are not loaded). The reference for the sink on that entity alone.
     */
    Result runEntity(Entity entity, Path dataDir, BenchDatabase database) throws IOException, SQLException {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA keyed");
            statement.execute(createTable(entity));
        }
        Result result = copyTimed(dataDir, database, List.of(entity));
        log.info("Keyed load of {}: COPY of {} rows in {} s", entity.entityName(), result.rows(),
                String.format("%.2f", result.seconds()));
        return result;
    }

    /** The timed part: the entities' files COPYed one after the other, in the order given. */
    private static Result copyTimed(Path dataDir, BenchDatabase database, List<Entity> entities)
            throws IOException, SQLException {
        long rows = 0;
        long started = System.nanoTime();
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(true); // one transaction per table, as psql \copy does
            for (Entity entity : entities) {
                rows += copy(connection, entity, dataDir.resolve(entity.csvFileName()));
            }
        }
        return new Result(rows, (System.nanoTime() - started) / 1e9);
    }

    private static String createTable(Entity entity) {
        return "CREATE TABLE keyed." + entity.entityName() + " ("
                + entity.columns().stream().map(c -> c.name() + " " + c.type().sqlType()
                        + (c.name().equals(entity.keyColumn()) ? " PRIMARY KEY" : ""))
                .collect(Collectors.joining(", ")) + ")";
    }

    /** One ALTER TABLE per reference between two entities whose column the child's export carries. */
    private static List<String> foreignKeys(Statement statement) throws SQLException {
        List<String> foreignKeys = new ArrayList<>();
        try (ResultSet references = statement.executeQuery(
                "SELECT child_name, child_column, parent_name FROM core.table_references")) {
            while (references.next()) {
                var child = Entity.byName(references.getString("child_name"));
                var parent = Entity.byName(references.getString("parent_name"));
                String column = references.getString("child_column");
                if (child.isPresent() && parent.isPresent() && child.get().findColumn(column).isPresent()) {
                    foreignKeys.add("ALTER TABLE keyed." + child.get().entityName() + " ADD FOREIGN KEY (" + column
                            + ") REFERENCES keyed." + parent.get().entityName());
                }
            }
        }
        return foreignKeys;
    }

    private static long copy(Connection connection, Entity entity, Path file) throws IOException, SQLException {
        List<String> header;
        try (InputStream in = Files.newInputStream(file)) {
            header = CoordinatedCsv.header(in);
        }
        String columns = header.stream().map(entity::column).map(ColumnDefinition::name)
                .collect(Collectors.joining(", "));
        try (InputStream in = Files.newInputStream(file)) {
            return connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY keyed." + entity.entityName()
                    + " (" + columns + ") FROM STDIN WITH (FORMAT csv, HEADER true)", in);
        }
    }
}
