package dev.ecomstream.bench;

import dev.ecomstream.schema.PostgresOptions;
import dev.ecomstream.schema.SecretMasking;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user's own Kafka and PostgreSQL. The given database is only used to create (and at the end drop) one
 * database per step on the same server, so the role needs CREATEDB; the user's tables are never touched.
 */
final class ExternalEnvironment implements BenchEnvironment {

    private static final Logger log = LoggerFactory.getLogger(ExternalEnvironment.class);
    /** jdbc:postgresql://hosts/database?options: the database name is replaced per step. */
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]*/)([^?]*)(\\?.*)?");

    private final String bootstrapServers;
    private final Map<String, String> kafkaProperties;
    private final String pgUrl;
    private final String user;
    private final String password;
    private final List<String> created = new ArrayList<>();

    ExternalEnvironment(String bootstrapServers, Map<String, String> kafkaProperties, String pgUrl, String user,
                        String password) {
        if (!URL.matcher(pgUrl).matches()) {
            throw new IllegalArgumentException("--pg-url " + SecretMasking.maskedUrl(pgUrl) + " is not of the form "
                    + "jdbc:postgresql://HOST[:PORT]/DATABASE[?OPTIONS]");
        }
        this.bootstrapServers = bootstrapServers;
        this.kafkaProperties = Map.copyOf(kafkaProperties);
        this.pgUrl = pgUrl;
        this.user = user;
        this.password = password;
    }

    /** The URL of {@code database} on the same server, keeping the options (SSL and the like). */
    static String withDatabase(String url, String database) {
        Matcher matcher = URL.matcher(url);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a jdbc:postgresql://HOST/DATABASE URL: " + url);
        }
        return matcher.group(1) + database + (matcher.group(3) == null ? "" : matcher.group(3));
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public Map<String, String> kafkaProperties() {
        return kafkaProperties;
    }

    @Override
    public BenchDatabase createDatabase(String name) {
        execute("CREATE DATABASE " + name);
        created.add(name);
        String url = withDatabase(pgUrl, name);
        return new BenchDatabase(name, url, user, password, dataSource(url));
    }

    @Override
    public DataSource maintenanceDataSource() {
        return dataSource(pgUrl);
    }

    @Override
    public void dropDatabase(String name) {
        try {
            execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            created.remove(name);
        } catch (RuntimeException e) {
            log.warn("Could not drop the benchmark's database {}: {}", name, e.getMessage());
        }
    }

    @Override
    public String description() {
        return "external (" + bootstrapServers + ", " + withDatabase(pgUrl, "<per step>") + ")";
    }

    @Override
    public boolean postgresIsLocal() {
        return false;
    }

    private DataSource dataSource(String url) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }

    /**
     * Fails at once when PostgreSQL cannot be reached, refuses the login or the role may not create databases:
     * before data is generated (minutes at scale 1) and anything is created.
     */
    void requirePostgresReachable() {
        String sql = "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user";
        try (Connection connection = dataSource(pgUrl).getConnection();
             Statement statement = connection.createStatement();
             ResultSet mayCreateDatabases = statement.executeQuery(sql)) {
            if (!mayCreateDatabases.next() || !mayCreateDatabases.getBoolean(1)) {
                throw new BenchSetupException(mayNotCreateDatabases(), null);
            }
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    private void execute(String sql) {
        try (Connection connection = dataSource(pgUrl).getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /* What a user fixes (where PostgreSQL is, the login, the role's CREATEDB) as a BenchSetupException. */
    private RuntimeException failure(String sql, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip();
        String failed = "PostgreSQL at " + SecretMasking.maskedUrl(pgUrl) + " as " + user + ": "
                + (message.endsWith(".") ? message.substring(0, message.length() - 1) : message);
        String toFix;
        if (PostgresOptions.hostDidNotResolve(e)) {
            toFix = PostgresOptions.UNRESOLVED_HOST_ADVICE;
        } else if (state.startsWith("08")) {
            toFix = "check the host and port in --pg-url (PG_URL), and that the server is running";
        } else if (state.startsWith("28")) {
            toFix = "check --pg-user and --pg-password (PG_USER, PG_PASSWORD) and the server's pg_hba.conf";
        } else if (state.equals("3D000")) {
            toFix = "name a database that exists in --pg-url (the benchmark only uses it to create its own)";
        } else if (state.equals("42501")) {
            return new BenchSetupException(mayNotCreateDatabases(), e);
        } else {
            return new IllegalStateException(sql + " failed on " + SecretMasking.maskedUrl(pgUrl) + ": " + message, e);
        }
        return new BenchSetupException(failed + ". To fix: " + toFix + ".", e);
    }

    private String mayNotCreateDatabases() {
        return "PostgreSQL at " + SecretMasking.maskedUrl(pgUrl) + ": " + user + " may not create databases, and the "
                + "benchmark creates and drops one per step. To fix: ALTER ROLE " + user + " CREATEDB, or name a role "
                + "that may with --pg-user.";
    }

    @Override
    public void close() {
        for (String name : List.copyOf(created)) {
            dropDatabase(name);
        }
    }
}
