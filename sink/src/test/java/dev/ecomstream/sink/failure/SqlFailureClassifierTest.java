package dev.ecomstream.sink.failure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.sink.failure.SqlFailureClassifier.Reaction;
import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlFailureClassifierTest {

    @ParameterizedTest
    @CsvSource({
            "08006, RETRY_BATCH", // connection failure
            "57P01, RETRY_BATCH", // admin shutdown
            "40001, RETRY_BATCH", // serialization failure
            "53300, RETRY_BATCH", // too many connections
            "25P03, RETRY_BATCH", // idle-in-transaction timeout
            "22P02, ISOLATE_ROWS", // invalid text representation
            "23505, ISOLATE_ROWS", // unique violation
            "08004, FATAL", // connection rejected: SSL not supported, or no password for SCRAM
            "08001, RETRY_BATCH", // unable to connect: the server is away
            "42P01, FATAL", // undefined table
            "28P01, FATAL"}) // invalid password
    void shouldReactToTheSqlState(String state, Reaction expected) {
        assertThat(SqlFailureClassifier.classify(new SQLException("x", state))).isEqualTo(expected);
    }

    /** A command that gives up on an unreachable server (rejected, migrate, offsets) says what to check. */
    @org.junit.jupiter.api.Test
    void shouldAdviseCheckingTheUrlWhenTheServerCannotBeReached() {
        assertThat(SqlFailureClassifier.advice(new SQLException("Connection to 127.0.0.1:1 refused.", "08001")))
                .isEqualTo("PostgreSQL could not be reached: check the host, port and database in --pg-url (PG_URL), "
                        + "and that the server is running");
    }

    /*
     * The chain PgJDBC 42.7 throws for a host name that does not resolve: "The connection attempt failed." (08001,
     * like a refused connection) caused by the UnknownHostException. A mistyped URL, not an outage: stop.
     */
    @org.junit.jupiter.api.Test
    void shouldStopOnAHostThatDoesNotResolveButRetryARefusedConnection() {
        SQLException unknownHost = new SQLException("The connection attempt failed.", "08001",
                new java.net.UnknownHostException("pg.example.invalid"));
        SQLException refused = new SQLException("Connection to 127.0.0.1:1 refused. Check that the hostname and port "
                + "are correct and that the postmaster is accepting TCP/IP connections.", "08001",
                new java.net.ConnectException("Connection refused"));

        assertThat(SqlFailureClassifier.classify(unknownHost)).isEqualTo(Reaction.FATAL);
        assertThat(SqlFailureClassifier.advice(unknownHost)).isEqualTo("the host in --pg-url (PG_URL) does not "
                + "resolve: check its spelling, or give the server's IP address");
        assertThat(SqlFailureClassifier.classify(refused)).isEqualTo(Reaction.RETRY_BATCH);
    }

    /* Callers write firstLine(e) + ". To fix: ...": a message's own closing period must not double it. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Connection to 127.0.0.1:1 refused. Check that the postmaster is accepting TCP/IP connections.|"
                    + "Connection to 127.0.0.1:1 refused. Check that the postmaster is accepting TCP/IP connections",
            "The connection attempt failed.|The connection attempt failed",
            "ERROR: relation \"staging.orders\" does not exist|ERROR: relation \"staging.orders\" does not exist"})
    void shouldGiveTheFirstLineWithoutItsClosingPeriod(String message, String expected) {
        assertThat(SqlFailureClassifier.firstLine(new SQLException(message + "\n  Position: 15", "42P01")))
                .isEqualTo(expected);
        assertThat(SqlFailureClassifier.firstLine(new SQLException(message)) + ". To fix: x.")
                .doesNotContain("..");
    }

    @ParameterizedTest
    @CsvSource({"connection reset"})
    void shouldRetryAFailureWithoutState(String message) {
        assertThat(SqlFailureClassifier.classify(new SQLException(message))).isEqualTo(Reaction.RETRY_BATCH);
    }

    @org.junit.jupiter.api.Test
    void shouldStopOnAnUntrustedCertificateButRetryOtherConnectionFailures() {
        SQLException untrusted = new SQLException("SSL error: PKIX path building failed", "08006",
                new javax.net.ssl.SSLHandshakeException("PKIX path building failed") {
                    {
                        initCause(new java.security.cert.CertificateException("unable to find valid certification path"));
                    }
                });
        SQLException reset = new SQLException("An I/O error occurred", "08006", new java.io.IOException("reset"));

        assertThat(SqlFailureClassifier.classify(untrusted)).isEqualTo(Reaction.FATAL);
        assertThat(SqlFailureClassifier.advice(untrusted)).contains("sslrootcert");
        assertThat(SqlFailureClassifier.classify(reset)).isEqualTo(Reaction.RETRY_BATCH);
    }
}
