package dev.ecomstream.schema;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.Driver;
import org.postgresql.PGProperty;
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

    /**
     * What to fix when the host named in --pg-url does not resolve: a mistyped URL, which no retry gets past.
     * PgJDBC reports it as 08001 "The connection attempt failed.", as it reports a server that is away, with the
     * {@link UnknownHostException} as the cause; {@link #hostDidNotResolve} tells the two apart.
     */
    public static final String UNRESOLVED_HOST_ADVICE = "the host in --pg-url (PG_URL) does not resolve: check its "
            + "spelling, or give the server's IP address";

    /** Whether a host name that does not resolve is among the failure's causes. */
    public static boolean hostDidNotResolve(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /**
     * A command's one-line failure, followed by {@link #UNRESOLVED_HOST_ADVICE} when the host named in --pg-url did
     * not resolve (the line's own closing period is not doubled); the line as it is otherwise, and when it already
     * says what to fix (the sink's messages give this advice themselves).
     */
    public static String withUnresolvedHostAdvice(String line, Throwable failure) {
        if (!hostDidNotResolve(failure) || line.contains("To fix:")) {
            return line;
        }
        String sentence = line.strip();
        if (sentence.endsWith(".")) {
            sentence = sentence.substring(0, sentence.length() - 1);
        }
        return sentence + ". To fix: " + UNRESOLVED_HOST_ADVICE + ".";
    }

    /**
     * Resolves the host names in the URL, connecting to nothing: for a command that does not connect at start (the
     * dashboard's pool waits for its first request), where a mistyped host would otherwise only show as failed
     * connections, for ever.
     *
     * @throws IllegalArgumentException naming the host and what to fix, when one does not resolve
     */
    public void requireResolvableHosts() {
        Properties parsed = Driver.parseURL(url(), new Properties());
        if (parsed == null) {
            return; // not a PostgreSQL URL at all: the driver says so on the first connection
        }
        for (String host : parsed.getProperty(PGProperty.PG_HOST.getName(), "localhost").split(",")) {
            try {
                InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("PostgreSQL's host " + host + " in --pg-url "
                        + SecretMasking.maskedUrl(url()) + " cannot be resolved to an address. To fix: "
                        + UNRESOLVED_HOST_ADVICE + ".", e);
            }
        }
    }

    /** For a start-up log line: no password is shown, neither the option's nor one inside the URL. */
    @Override
    public String toString() {
        return "pg-url=" + SecretMasking.maskedUrl(url()) + ", pg-user=" + user + ", pg-password="
                + (passwordForDriver() == null ? "(none: PostgreSQL's password file, if any)" : "[hidden]");
    }
}
