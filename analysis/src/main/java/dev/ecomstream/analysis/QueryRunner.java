package dev.ecomstream.analysis;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Runs analysis queries on a database, read-only. */
public final class QueryRunner {

    /** SQLSTATE of "relation does not exist": the schema was never migrated into this database. */
    private static final String UNDEFINED_TABLE = "42P01";

    /** SQLSTATE of "permission denied": the login may not read a schema the query reads. */
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private final DataSource dataSource;

    public QueryRunner(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs the queries in one read-only REPEATABLE READ transaction: every answer of a report then comes from
     * the same snapshot, even while the sink and the normaliser keep writing, so the figures agree with each
     * other (the users of one table are the users of the next).
     */
    public List<QueryResult> run(List<AnalysisQuery> queries) {
        List<QueryResult> results = new ArrayList<>(queries.size());
        try (Connection connection = dataSource.getConnection()) {
            connection.setReadOnly(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setAutoCommit(false);
            for (AnalysisQuery query : queries) {
                results.add(run(connection, query));
            }
            connection.commit();
        } catch (SQLException e) {
            throw new AnalysisException("cannot run the analysis queries: " + e.getMessage(), e);
        }
        return results;
    }

    /** Runs one query in a read-only transaction of its own. */
    public QueryResult run(AnalysisQuery query) {
        return run(List.of(query)).get(0);
    }

    /** A failure says which query and, for a missing schema, what to do about it. */
    private static QueryResult run(Connection connection, AnalysisQuery query) {
        long started = System.nanoTime();
        // read-only: a query file can never change the data, even if someone edits one carelessly
        try (Statement statement = connection.createStatement();
             ResultSet resultSet = statement.executeQuery(query.sql())) {
            List<ResultColumn> columns = columns(resultSet.getMetaData());
            List<List<Object>> rows = new ArrayList<>();
            while (resultSet.next()) {
                rows.add(row(resultSet, columns.size()));
            }
            return new QueryResult(query, columns, rows, Duration.ofNanos(System.nanoTime() - started));
        } catch (SQLException e) {
            String hint = switch (String.valueOf(e.getSQLState())) {
                case UNDEFINED_TABLE -> " (the core and mart schemas are missing: run the sink or the normalise "
                        + "command against this database first, they create them)";
                // a login in ecomstream_reader reads the mart only; a query file someone added may read more
                case INSUFFICIENT_PRIVILEGE -> " (To fix: connect as a login that may read that schema, or run "
                        + "only the other queries with --query; a member of ecomstream_reader reads the mart only)";
                default -> "";
            };
            throw new AnalysisException("query " + query.name() + " failed: " + e.getMessage() + hint, e);
        }
    }

    private static List<ResultColumn> columns(ResultSetMetaData meta) throws SQLException {
        List<ResultColumn> columns = new ArrayList<>(meta.getColumnCount());
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(new ResultColumn(meta.getColumnLabel(i), isNumeric(meta.getColumnType(i))));
        }
        return columns;
    }

    private static boolean isNumeric(int sqlType) {
        return switch (sqlType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.NUMERIC, Types.DECIMAL,
                 Types.REAL, Types.FLOAT, Types.DOUBLE -> true;
            default -> false;
        };
    }

    private static List<Object> row(ResultSet resultSet, int columnCount) throws SQLException {
        ResultSetMetaData meta = resultSet.getMetaData();
        List<Object> row = new ArrayList<>(columnCount);
        for (int i = 1; i <= columnCount; i++) {
            // java.time instead of java.sql types: printable without a time zone surprise
            Object value = switch (meta.getColumnType(i)) {
                case Types.DATE -> resultSet.getObject(i, LocalDate.class);
                case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> resultSet.getObject(i, OffsetDateTime.class);
                default -> resultSet.getObject(i);
            };
            row.add(value);
        }
        return row;
    }
}
