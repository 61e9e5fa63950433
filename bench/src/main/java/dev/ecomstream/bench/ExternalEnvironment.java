package dev.ecomstream.bench;

import java.sql.Connection;
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
            throw new IllegalArgumentException("--pg-url " + pgUrl + " is not of the form "
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

    private void execute(String sql) {
        try (Connection connection = dataSource(pgUrl).getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + pgUrl + ": " + e.getMessage()
                    + ". The benchmark needs a role that may create databases (CREATEDB).", e);
        }
    }

    @Override
    public void close() {
        for (String name : List.copyOf(created)) {
            dropDatabase(name);
        }
    }
}
