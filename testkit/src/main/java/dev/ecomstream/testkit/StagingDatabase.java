package dev.ecomstream.testkit;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.schema.SchemaMigrator;
import dev.ecomstream.schema.normalise.NormaliserRun;
import dev.ecomstream.schema.normalise.NormaliserRunner;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A migrated database of its own on the dev stack's PostgreSQL, with plain-SQL helpers to land staging rows
 * the way the sink does (Kafka coordinates included, at the next offsets of partition 0), to run the
 * project's normaliser, and to read any table back.
 *
 * <p>Every database is created with the C collation: text then sorts by code point in PostgreSQL as in Java,
 * whatever the machine's locale, so a test can compute the {@code ORDER BY} of ties on names itself.
 */
public final class StagingDatabase {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final Duration NORMALISE_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final DataSource dataSource;
    private final Map<Entity, Long> nextOffset = new EnumMap<>(Entity.class);
    private long landedRows;

    private StagingDatabase(String name, DataSource dataSource) {
        this.name = name;
        this.dataSource = dataSource;
    }

    /** Creates and migrates a database of its own; {@code purpose} (lower case, digits, _) goes into its name. */
    public static StagingDatabase create(DevStack stack, String purpose) {
        String name = purpose + "_" + DATABASES.incrementAndGet() + "_" + System.nanoTime() % 100000;
        try (Connection connection = stack.postgres().dataSource("postgres").getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8' "
                    + "LC_COLLATE 'C' LC_CTYPE 'C'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + name + ": " + e.getMessage(), e);
        }
        DataSource dataSource = stack.postgres().dataSource(name);
        SchemaMigrator.migrate(dataSource);
        return new StagingDatabase(name, dataSource);
    }

    /** A database migrated and filled elsewhere (a restore): rows land after the Kafka offsets it holds. */
    public static StagingDatabase attach(String name, DataSource dataSource) {
        StagingDatabase db = new StagingDatabase(name, dataSource);
        for (Entity entity : Entity.values()) {
            Object next = db.scalar("SELECT coalesce(max(kafka_offset) + 1, 0) FROM " + entity.stagingTable()
                    + " WHERE kafka_partition = 0");
            db.nextOffset.put(entity, ((Number) next).longValue());
        }
        return db;
    }

    /** The database's name on the dev stack's server (for a JDBC URL of a command under test). */
    public String name() {
        return name;
    }

    /** Unpooled: each call of getConnection opens a connection (fine for tests, and no pool to close). */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The project's normaliser on this database, for a test that runs it step by step. */
    public NormaliserRunner runner() {
        return new NormaliserRunner(dataSource);
    }

    /** Runs the normaliser until nothing is deferred (another test's transaction can hold the boundary). */
    public NormaliserRun normalise() {
        NormaliserRun run = runner().runUntilCaughtUp(NORMALISE_TIMEOUT);
        if (!run.caughtUp()) {
            throw new AssertionError("the normaliser did not catch up within " + NORMALISE_TIMEOUT + ": " + run);
        }
        return run;
    }

    /** Column name/value pairs, in order; values may be null. */
    public static Map<String, Object> row(Object... namesAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            row.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return row;
    }

    /** Lands rows of one entity in one transaction. */
    @SafeVarargs
    public final void land(Entity entity, Map<String, Object>... rows) {
        List<Map<String, Object>> list = new ArrayList<>(rows.length);
        for (Map<String, Object> row : rows) {
            list.add(row); // element by element: an array of generic maps handed on is what the lint cannot prove safe
        }
        land(entity, list);
    }

    /** Lands rows of one entity in one transaction. */
    public void land(Entity entity, List<Map<String, Object>> rows) {
        inTransaction(connection -> land(connection, entity, rows));
    }

    /** Lands rows on a connection the caller controls (its transaction, its commit). Returns the staging ids. */
    @SafeVarargs
    public final List<Long> land(Connection connection, Entity entity, Map<String, Object>... rows)
            throws SQLException {
        List<Map<String, Object>> list = new ArrayList<>(rows.length);
        for (Map<String, Object> row : rows) {
            list.add(row);
        }
        return land(connection, entity, list);
    }

    /**
     * Lands rows on a connection the caller controls (its transaction, its commit). Every value goes as text and
     * is cast to the catalog's type, so the staging table parses it as COPY would. Returns the staging ids.
     */
    public List<Long> land(Connection connection, Entity entity, List<Map<String, Object>> rows) throws SQLException {
        List<Long> stagingIds = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            String values = row.keySet().stream()
                    .map(column -> "CAST(? AS " + entity.column(column).type().sqlType() + ")")
                    .collect(Collectors.joining(", "));
            String sql = "INSERT INTO " + entity.stagingTable() + " (kafka_topic, kafka_partition, kafka_offset, "
                    + String.join(", ", row.keySet()) + ") VALUES (?, 0, ?, " + values + ") RETURNING staging_id";
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                insert.setString(1, entity.topic());
                insert.setLong(2, nextOffset(entity));
                int index = 3;
                for (Object value : row.values()) {
                    if (value == null) {
                        insert.setNull(index++, Types.VARCHAR);
                    } else {
                        insert.setString(index++, value instanceof BigDecimal d ? d.toPlainString() : value.toString());
                    }
                }
                try (ResultSet result = insert.executeQuery()) {
                    result.next();
                    stagingIds.add(result.getLong(1));
                }
            }
        }
        return stagingIds;
    }

    /** Work on one connection, committed at the end. */
    public interface Transaction {
        void run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in one transaction and commits it. */
    public void inTransaction(Transaction work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            work.run(connection);
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot land rows in " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Lands every row of a CSV export of {@code entity} in one transaction, as the sink would. The file is read
     * by PostgreSQL's COPY with the types of the catalog. Returns how many rows landed.
     */
    public long landCsv(Entity entity, Path csv) {
        List<String> header;
        try (Stream<String> lines = Files.lines(csv)) {
            header = List.of(lines.findFirst().orElseThrow().split(","));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + csv + ": " + e.getMessage(), e);
        }
        String columns = String.join(", ", header);
        String typedColumns = header.stream().map(c -> c + " " + entity.column(c).type().sqlType())
                .collect(Collectors.joining(", "));
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             Reader reader = Files.newBufferedReader(csv)) {
            connection.setAutoCommit(false);
            statement.execute("CREATE TEMP TABLE csv_rows (" + typedColumns + ") ON COMMIT DROP");
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY csv_rows (" + columns + ") FROM STDIN WITH (FORMAT csv, HEADER true)", reader);
            long first = nextOffsets(entity, Long.MAX_VALUE / 2);
            int landed = statement.executeUpdate("INSERT INTO " + entity.stagingTable()
                    + " (kafka_topic, kafka_partition, kafka_offset, " + columns + ") SELECT '" + entity.topic()
                    + "', 0, " + first + " + row_number() OVER (), " + columns + " FROM csv_rows");
            connection.commit();
            synchronized (this) {
                landedRows += landed;
            }
            return landed;
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot land " + csv + ": " + e.getMessage(), e);
        }
    }

    /** How many staging rows this fixture has landed. */
    public synchronized long landedRows() {
        return landedRows;
    }

    /** Reserves a range of offsets far from the ones {@link #land} hands out one by one. */
    private synchronized long nextOffsets(Entity entity, long base) {
        return base + nextOffset(entity) * 1_000_000L;
    }

    private synchronized long nextOffset(Entity entity) {
        landedRows++;
        long offset = nextOffset.getOrDefault(entity, 0L);
        nextOffset.put(entity, offset + 1);
        return offset;
    }

    /** The first column of the first row, or null. */
    public Object scalar(String sql, Object... parameters) {
        List<Map<String, Object>> rows = query(sql, parameters);
        return rows.isEmpty() ? null : rows.get(0).values().iterator().next();
    }

    /** All rows, each as column name -> value. */
    public List<Map<String, Object>> query(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= columns; i++) {
                        row.put(result.getMetaData().getColumnLabel(i), result.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public void execute(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates a login in {@code role}, as docs/schema.md tells a DBA to, and returns a data source that connects
     * as it. Roles belong to the server, which other tests share: the login is named after this database
     * ({@code <database>_<suffix>}), and one an earlier run left is dropped first.
     */
    public PGSimpleDataSource createLogin(String suffix, String role, String password) {
        String login = name + "_" + suffix;
        execute("DROP ROLE IF EXISTS " + login);
        execute("CREATE ROLE " + login + " LOGIN PASSWORD '" + password + "' IN ROLE " + role);
        PGSimpleDataSource asLogin = new PGSimpleDataSource();
        try (Connection connection = dataSource.getConnection()) {
            asLogin.setURL(connection.getMetaData().getURL());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the JDBC URL of " + name + ": " + e.getMessage(), e);
        }
        asLogin.setUser(login);
        asLogin.setPassword(password);
        return asLogin;
    }

    /**
     * A fingerprint of every core table's content, to prove a run changed nothing, or that two databases hold the
     * same rows.
     *
     * @param ignoredColumns columns left out of every row (e.g. {@code normalised_at}, the time of the run that
     *                       wrote it, when two databases are compared)
     */
    public String coreFingerprint(String... ignoredColumns) {
        String row = ignoredColumns.length == 0 ? "t::text"
                : "(to_jsonb(t) - ARRAY[" + Arrays.stream(ignoredColumns).map(c -> "'" + c + "'")
                        .collect(Collectors.joining(", ")) + "])::text";
        List<Map<String, Object>> tables = query("""
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = 'core' AND table_type = 'BASE TABLE'
                  AND table_name <> 'normaliser_watermarks' -- bookkeeping: moves on every run
                ORDER BY table_name""");
        StringBuilder fingerprint = new StringBuilder();
        for (Map<String, Object> table : tables) {
            String tableName = (String) table.get("table_name");
            fingerprint.append(tableName).append('=').append(scalar(
                    "SELECT md5(coalesce(string_agg(" + row + ", '|' ORDER BY " + row + "), '')) FROM core." + tableName
                            + " t"))
                    .append('\n');
        }
        return fingerprint.toString();
    }
}
