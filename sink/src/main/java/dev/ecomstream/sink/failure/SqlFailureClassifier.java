package dev.ecomstream.sink.failure;

import dev.ecomstream.schema.PostgresOptions;
import java.sql.SQLException;

/** Decides how to react to a failed batch from the SQLState PostgreSQL reported. */
public final class SqlFailureClassifier {

    /** What to do about a failed batch. */
    public enum Reaction {
        /** The database is unreachable, restarting or busy: keep the batch and try it again later. */
        RETRY_BATCH,
        /** PostgreSQL refused a value: find the offending rows, reject them, land the rest. */
        ISOLATE_ROWS,
        /** Configuration or schema is wrong (missing table, authentication): stop and say what to fix. */
        FATAL
    }

    private SqlFailureClassifier() {
    }

    public static Reaction classify(SQLException failure) {
        String state = failure.getSQLState();
        if (state == null) {
            // PgJDBC reports I/O failures (connection reset, closed) without a state.
            return Reaction.RETRY_BATCH;
        }
        if (state.equals("08004") || isCertificateRefused(failure) || PostgresOptions.hostDidNotResolve(failure)) {
            // PgJDBC's "connection rejected": the server does not support the SSL the URL requires, or asks for
            // a password none was given for; or a host name in the URL that does not resolve (08001, like an
            // outage). Settings, not an outage: no retry can get past them.
            return Reaction.FATAL;
        }
        if (state.startsWith("08") // connection exception
                || state.startsWith("53") // insufficient resources
                || state.startsWith("57P") // admin/crash shutdown, cannot connect now
                || state.equals("40001") || state.equals("40P01") // serialization failure, deadlock
                || state.equals("55P03") // lock not available
                || state.equals("25P03") // idle in transaction too long (a frozen process): the batch rolled back
                || state.equals("57014")) { // statement timeout or cancelled
            return Reaction.RETRY_BATCH;
        }
        if (state.startsWith("22") || state.startsWith("23")) {
            return Reaction.ISOLATE_ROWS;
        }
        return Reaction.FATAL;
    }

    /** An SSL handshake that failed on the server's certificate (untrusted, expired): a setting to fix. */
    private static boolean isCertificateRefused(SQLException failure) {
        boolean handshake = false;
        for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
            handshake |= t instanceof javax.net.ssl.SSLHandshakeException;
            if (handshake && t instanceof java.security.cert.CertificateException) {
                return true;
            }
        }
        return false;
    }

    /** The first SQLException in a cause chain (Flyway and the pool wrap them), or null. */
    public static SQLException findSqlException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    /** What an operator should do about a failure classified {@link Reaction#FATAL}, in one sentence. */
    public static String advice(SQLException failure) {
        String state = failure.getSQLState() == null ? "" : failure.getSQLState();
        return switch (state) {
            case "28P01", "28000" -> "PostgreSQL refused the login: check --pg-user and --pg-password "
                    + "(PG_USER, PG_PASSWORD) and the server's pg_hba.conf";
            case "08004" -> "PostgreSQL and the sink disagree on how to connect: check sslmode in --pg-url (PG_URL) "
                    + "against the server's SSL setup, and give a password (--pg-password, PG_PASSWORD, or PostgreSQL's "
                    + "password file) when the server asks for one";
            case "08006" -> isCertificateRefused(failure) ? "the server's SSL certificate is not trusted: give its CA "
                    + "in --pg-url (sslrootcert=...), or fix the certificate" : "fix the database, then restart the sink";
            case "08001" -> PostgresOptions.hostDidNotResolve(failure) ? PostgresOptions.UNRESOLVED_HOST_ADVICE
                    : "PostgreSQL could not be reached: check the host, port and database in --pg-url "
                    + "(PG_URL), and that the server is running";
            case "3D000" -> "the database named in --pg-url (PG_URL) does not exist: create it or fix the URL";
            case "42P01", "3F000", "42703" -> "the staging schema is missing or older than this sink: run the "
                    + "migrations (start the sink once without --skip-migrations, as a role allowed to create tables)";
            case "42501" -> "the database user lacks a privilege: GRANT USAGE ON SCHEMA staging and INSERT, SELECT, "
                    + "UPDATE on its tables to the sink's user";
            case "25006" -> "the server is read-only (a standby?): point --pg-url at the primary";
            default -> "fix the database or its schema, then restart the sink";
        };
    }

    /**
     * The first line of a failure's message, for one-line logs and reasons: PostgreSQL's messages go on with
     * details and hints on further lines. The failure's type when it has no message. Without a closing period,
     * since callers go on with ". To fix: ..." and PgJDBC ends its sentences with one.
     */
    public static String firstLine(Throwable failure) {
        String message = failure.getMessage();
        if (message == null) {
            return failure.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        String line = (newline < 0 ? message : message.substring(0, newline)).strip();
        return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
    }
}
