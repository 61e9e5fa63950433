package dev.ecomstream.schema;

import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Option;

/**
 * Where PostgreSQL is and who to connect as: the one declaration of {@code --pg-url}, {@code --pg-user} and
 * {@code --pg-password} (with their environment defaults), mixed into every command that talks to the
 * database.
 */
public final class PostgresOptions {

    @Option(names = "--pg-url", paramLabel = "JDBC-URL",
            defaultValue = "${env:PG_URL:-jdbc:postgresql://localhost:5432/ecomstream}",
            description = "PostgreSQL JDBC URL; SSL settings go here, e.g. ?sslmode=verify-full "
                    + "(env PG_URL; default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--pg-user", paramLabel = "USER", defaultValue = "${env:PG_USER:-ecomstream}",
            description = "PostgreSQL user (env PG_USER; default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--pg-password", paramLabel = "PASSWORD", defaultValue = "${env:PG_PASSWORD:-}",
            description = "PostgreSQL password (env PG_PASSWORD, preferred: a flag shows in the process list).")
    String password;

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** A plain, unpooled data source; commands that run many queries pool it themselves. */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }

    /** For a start-up log line: the password is never shown. */
    @Override
    public String toString() {
        return "pg-url=" + url + ", pg-user=" + user + ", pg-password=" + (password.isEmpty() ? "(none)" : "[hidden]");
    }
}
