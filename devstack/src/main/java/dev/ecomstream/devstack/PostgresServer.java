package dev.ecomstream.devstack;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL server the tests and the quickstart can use: the embedded one by default, or a container
 * with the {@code testcontainers} Maven profile. Tests isolate themselves by {@link #createDatabase(String)
 * creating a database} each.
 */
public abstract class PostgresServer implements AutoCloseable {

    static final String MAINTENANCE_DATABASE = "postgres";
    /** Unquoted identifiers only, so a name never needs escaping and never surprises with case. */
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** The address clients connect to. */
    public abstract String host();

    /** The port clients connect to. */
    public abstract int port();

    /** A user allowed to create databases and schemas. */
    public abstract String user();

    /** The password of {@link #user()}. */
    public abstract String password();

    /** Stops the server and removes what it stored. */
    @Override
    public abstract void close();

    /** The JDBC URL of {@code database} on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** A data source for {@code database}, connecting as {@link #user()}; no pooling. */
    public DataSource dataSource(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {host()});
        dataSource.setPortNumbers(new int[] {port()});
        dataSource.setDatabaseName(database);
        dataSource.setUser(user());
        dataSource.setPassword(password());
        return dataSource;
    }

    /**
     * Creates an empty database, so that one test class cannot see another's tables.
     *
     * @param name lower-case letters, digits and underscores, starting with a letter or underscore
     * @return a data source for the new database
     * @throws IllegalArgumentException if the name is not such an identifier
     * @throws IllegalStateException if the database could not be created, for example because it exists
     */
    public DataSource createDatabase(String name) {
        if (name == null || !DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Database name '" + name + "' is not allowed: use at most 63 lower-case"
                    + " letters, digits and underscores, starting with a letter or underscore");
        }
        try (Connection connection = dataSource(MAINTENANCE_DATABASE).getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database '" + name + "' on " + jdbcUrl(MAINTENANCE_DATABASE)
                    + ": " + e.getMessage() + " (SQLState " + e.getSQLState() + "); pick a name no other test uses", e);
        }
        return dataSource(name);
    }
}
