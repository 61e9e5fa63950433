package dev.ecomstream.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.Driver;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine;

class PostgresOptionsTest {

    @TempDir
    Path dir;

    @Test
    void shouldLeaveThePasswordUnsetWhenNoneIsGivenSoPgJdbcReadsThePasswordFile() throws IOException, SQLException {
        PostgresOptions options = parse("--pg-url", "jdbc:postgresql://db.example:5433/shop", "--pg-user", "sink");
        PGSimpleDataSource dataSource = (PGSimpleDataSource) options.dataSource();
        assertThat(dataSource.getPassword()).isNull();

        // What the data source hands the driver, without a password: PgJDBC then finds one in PGPASSFILE.
        Path passwordFile = dir.resolve("pgpass");
        Files.writeString(passwordFile, "db.example:5433:shop:sink:from-the-file\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        String previous = System.setProperty("org.postgresql.pgpassfile", passwordFile.toString());
        try {
            Properties connection = new Properties();
            connection.setProperty("user", dataSource.getUser());
            assertThat(Driver.parseURL(dataSource.getURL(), connection).getProperty("password"))
                    .isEqualTo("from-the-file");
        } finally {
            if (previous == null) {
                System.clearProperty("org.postgresql.pgpassfile");
            } else {
                System.setProperty("org.postgresql.pgpassfile", previous);
            }
        }
    }

    /*
     * What PgJDBC throws, from the driver itself: "[::zz]" is a malformed IPv6 literal, which the JDK refuses before
     * asking any resolver (no DNS query leaves the machine); 127.0.0.1:1 refuses the connection.
     */
    @Test
    void shouldTellAHostThatDoesNotResolveFromAServerThatIsAway() {
        SQLException unresolved = connectionFailure("jdbc:postgresql://[::zz]:5432/shop");
        SQLException refused = connectionFailure("jdbc:postgresql://127.0.0.1:1/shop");

        assertThat(unresolved.getSQLState()).isEqualTo(refused.getSQLState()).isEqualTo("08001");
        assertThat(PostgresOptions.hostDidNotResolve(unresolved)).isTrue();
        assertThat(PostgresOptions.hostDidNotResolve(refused)).isFalse();
        assertThat(PostgresOptions.withUnresolvedHostAdvice("migrate failed: The connection attempt failed.", unresolved))
                .isEqualTo("migrate failed: The connection attempt failed. To fix: the host in --pg-url (PG_URL) does "
                        + "not resolve: check its spelling, or give the server's IP address.");
        assertThat(PostgresOptions.withUnresolvedHostAdvice("migrate failed: refused.", refused))
                .isEqualTo("migrate failed: refused.");
        // a message that already says what to fix (the sink's own, for this very case) is not told twice
        assertThat(PostgresOptions.withUnresolvedHostAdvice("sink failed: unreachable. To fix: check --pg-url.",
                unresolved)).isEqualTo("sink failed: unreachable. To fix: check --pg-url.");
    }

    /* Names only, nothing connected to: a numeric address (even one nothing listens on) passes. */
    @Test
    void shouldRequireHostsThatResolve() {
        assertThatThrownBy(() -> parse("--pg-url", "jdbc:postgresql://127.0.0.1:5432,[::zz]:5433/shop?password=s3cret")
                .requireResolvableHosts())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PostgreSQL's host [::zz] in --pg-url jdbc:postgresql://127.0.0.1:5432,[::zz]:5433/shop?"
                        + "password=[hidden] cannot be resolved to an address. To fix: the host in --pg-url (PG_URL) does "
                        + "not resolve: check its spelling, or give the server's IP address.");
        parse("--pg-url", "jdbc:postgresql://127.0.0.1:1/shop").requireResolvableHosts();
    }

    private static SQLException connectionFailure(String url) {
        try {
            parse("--pg-url", url, "--pg-user", "nobody").dataSource().getConnection().close();
            throw new AssertionError("connected to " + url);
        } catch (SQLException e) {
            return e;
        }
    }

    @Test
    void shouldPassAGivenPassword() {
        PostgresOptions options = parse("--pg-password", "s3cret");
        assertThat(((PGSimpleDataSource) options.dataSource()).getPassword()).isEqualTo("s3cret");
    }

    @Test
    void shouldShowNoPasswordInItsLogLineNeitherTheOptionNorOneInTheUrl() {
        PostgresOptions options = parse("--pg-url",
                "jdbc:postgresql://db.example/shop?sslmode=require&password=in-the-url&ApplicationName=x",
                "--pg-password", "the-option");
        assertThat(options.toString())
                .isEqualTo("pg-url=jdbc:postgresql://db.example/shop?sslmode=require&password=[hidden]"
                        + "&ApplicationName=x, pg-user=ecomstream, pg-password=[hidden]")
                .doesNotContain("in-the-url", "the-option");
    }

    private static PostgresOptions parse(String... args) {
        PostgresOptions options = new PostgresOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }
}
