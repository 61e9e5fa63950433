package dev.ecomstream.sink.failure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.sink.failure.SqlFailureClassifier.Reaction;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
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
            "42P01, FATAL", // undefined table
            "28P01, FATAL"}) // invalid password
    void shouldReactToTheSqlState(String state, Reaction expected) {
        assertThat(SqlFailureClassifier.classify(new SQLException("x", state))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"connection reset"})
    void shouldRetryAFailureWithoutState(String message) {
        assertThat(SqlFailureClassifier.classify(new SQLException(message))).isEqualTo(Reaction.RETRY_BATCH);
    }

    @Test
    void shouldStopOnAUniqueViolationOfTheKafkaCoordinatesButIsolateOtherDuplicates() {
        SQLException coordinates = uniqueViolation("events_kafka_coordinates_key");
        SQLException other = uniqueViolation("events_pkey");

        assertThat(SqlFailureClassifier.classify(coordinates)).isEqualTo(Reaction.FATAL);
        assertThat(SqlFailureClassifier.advice(coordinates)).contains("already in staging");
        assertThat(SqlFailureClassifier.classify(other)).isEqualTo(Reaction.ISOLATE_ROWS);
    }

    private static PSQLException uniqueViolation(String constraint) {
        return new PSQLException(new ServerErrorMessage(
                "SERROR\0C23505\0Mduplicate key value violates unique constraint\0n" + constraint + "\0"));
    }
}
