package dev.ecomstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SinkOnlyRunTest {

    @Test
    void rateAfterTheFirstRowIsAllRowsOverTheTimeFromFirstToLast() {
        var result = new SinkOnlyRun.Result(1_000_000, 2.0, 12.0, 0, OptionalLong.empty(), "on");

        assertThat(result.rowsPerSecondAfterFirstRow()).isEqualTo(100_000.0);
        assertThat(result.wholeProcessRowsPerSecond()).isEqualTo(1_000_000 / 12.0);
    }

    @Test
    void rateAfterTheFirstRowIsNotMeasuredWhenTheFirstPollSawEveryRow() {
        var result = new SinkOnlyRun.Result(10, 1.9, 1.9, 0, OptionalLong.empty(), "on");

        assertThat(result.rowsPerSecondAfterFirstRow()).isNaN();
        assertThat(result.wholeProcessRowsPerSecond()).isEqualTo(10 / 1.9);
    }
}
