package dev.ecomstream.quickstart;

import dev.ecomstream.devstack.PostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The quickstart's logins, one per group role the migrations create, each with a password of its own: the sink
 * runs as the writer, the dashboard as the monitor, the report as the reader; the superuser only migrates and
 * creates these.
 */
record QuickstartLogins(Login writer, Login reader, Login monitor) {

    /** A login role and its password. */
    record Login(String user, String password) {

        DataSource dataSource(String jdbcUrl) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setURL(jdbcUrl);
            dataSource.setUser(user);
            dataSource.setPassword(password);
            return dataSource;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Creates the three logins in the database's server, as its owner, after the migrations made the roles. */
    static QuickstartLogins create(DataSource owner) throws SQLException {
        QuickstartLogins logins = new QuickstartLogins(new Login("quickstart_sink", newPassword()),
                new Login("quickstart_analyst", newPassword()), new Login("quickstart_dashboard", newPassword()));
        try (Connection connection = owner.getConnection(); Statement statement = connection.createStatement()) {
            create(statement, logins.writer, "ecomstream_writer");
            create(statement, logins.reader, "ecomstream_reader");
            create(statement, logins.monitor, "ecomstream_monitor");
        }
        return logins;
    }

    /**
     * Writes PostgreSQL's password file (the format of {@code ~/.pgpass}, which psql reads through
     * {@code PGPASSFILE}) with these logins and the server's superuser, readable by this user only.
     *
     * @return the file's absolute path
     */
    Path writePasswordFile(Path file, PostgresServer server, String database) {
        List<String> lines = new ArrayList<>();
        for (Login login : List.of(reader, monitor, writer, new Login(server.user(), server.password()))) {
            // host:port:database:user:password; the hex passwords hold no ':' or '\' to escape
            lines.add(String.join(":", server.host(), Integer.toString(server.port()), database, login.user(),
                    login.password()));
        }
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file); // a file of an earlier run may have other permissions
            Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
            Files.write(file, lines, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            // the directory --report named: the user's to change, so a one-line failure (QuickstartCommand)
            throw new IllegalArgumentException("Could not write the password file " + file.toAbsolutePath() + ": "
                    + e.getMessage() + ". To fix: choose a writable place with --report DIR/report.html", e);
        }
        return file.toAbsolutePath();
    }

    private static void create(Statement statement, Login login, String groupRole) throws SQLException {
        // the passwords are hex: nothing in them needs quoting
        statement.execute("CREATE ROLE " + login.user() + " LOGIN PASSWORD '" + login.password() + "' IN ROLE "
                + groupRole);
    }

    private static String newPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
