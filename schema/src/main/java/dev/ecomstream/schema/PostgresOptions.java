package dev.ecomstream.schema;

import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Option;

/**
 * Where PostgreSQL is and who to connect as: the one declaration of {@code --pg-url}, {@code --pg-user} and
 * {@code --pg-password} (with their environment defaults), mixed into every command that talks to the
 * database.
 */
public final class PostgresOptions {

    public static final String DEFAULT_URL = "jdbc:postgresql://localhost:5432/ecomstream";
    public static final String DEFAULT_USER = "ecomstream";

    // No annotation default: a command that uses its own database unless told otherwise (the benchmark) must see
    // whether one was named; url() supplies the default for the others.
    @Option(names = "--pg-url", paramLabel = "JDBC-URL", defaultValue = "${env:PG_URL}",
            description = "PostgreSQL JDBC URL; SSL settings go here, e.g. ?sslmode=verify-full "
                    + "(env PG_URL; default: " + DEFAULT_URL + ").")
    String url;

    @Option(names = "--pg-user", paramLabel = "USER", defaultValue = "${env:PG_USER:-" + DEFAULT_USER + "}",
            description = "PostgreSQL user (env PG_USER; default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--pg-password", paramLabel = "PASSWORD", defaultValue = "${env:PG_PASSWORD:-}",
            description = "PostgreSQL password (env PG_PASSWORD, preferred: a flag shows in the process list).")
    String password;

    /** The URL given (flag or environment), else {@value #DEFAULT_URL}. */
    public String url() {
        return urlIfNamed().orElse(DEFAULT_URL);
    }

    /** The URL when the flag or the environment named one; empty when only the default applies. */
    public Optional<String> urlIfNamed() {
        return Optional.ofNullable(url).filter(named -> !named.isBlank());
    }

    public String user() {
        return user;
    }

    /** The password as given; empty when none was. */
    public String password() {
        return password;
    }

    /**
     * The password to hand to PgJDBC (or a pool in front of it): null when none was given, so the driver looks
     * in PostgreSQL's password file ({@code PGPASSFILE}, else {@code ~/.pgpass}) as libpq does. An empty
     * password would be sent as it is, and the file never read.
     */
    public String passwordForDriver() {
        return password == null || password.isEmpty() ? null : password;
    }

    /** A plain, unpooled data source; commands that run many queries pool it themselves. */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url());
        dataSource.setUser(user);
        dataSource.setPassword(passwordForDriver());
        return dataSource;
    }

    /** For a start-up log line: no password is shown, neither the option's nor one inside the URL. */
    @Override
    public String toString() {
        return "pg-url=" + SecretMasking.maskedUrl(url()) + ", pg-user=" + user + ", pg-password="
                + (passwordForDriver() == null ? "(none: PostgreSQL's password file, if any)" : "[hidden]");
    }
}
