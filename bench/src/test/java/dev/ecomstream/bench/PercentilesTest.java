package dev.ecomstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    private static final long MS = 1_000_000;

    @Test
    void nearestRankOfOneToHundredMilliseconds() {
        long[] samples = LongStream.rangeClosed(1, 100).map(i -> (101 - i) * MS).toArray(); // unsorted on purpose

        Percentiles p = Percentiles.ofNanos(samples);

        assertThat(p.count()).isEqualTo(100);
        assertThat(p.p50Millis()).isEqualTo(50.0);
        assertThat(p.p95Millis()).isEqualTo(95.0);
        assertThat(p.p99Millis()).isEqualTo(99.0);
        assertThat(p.maxMillis()).isEqualTo(100.0);
    }

    @Test
    void everyPercentileIsAMeasuredValue() {
        long[] samples = {10 * MS, 20 * MS, 1000 * MS};

        Percentiles p = Percentiles.ofNanos(samples);

        assertThat(p.p50Millis()).isEqualTo(20.0);
        assertThat(p.p95Millis()).isEqualTo(1000.0);
        assertThat(p.p99Millis()).isEqualTo(1000.0);
    }

    @Test
    void oneSlowSampleInAThousandShowsInTheMaxButNotTheP99() {
        long[] samples = LongStream.range(0, 1000).map(i -> i == 500 ? 5000 * MS : 200 * MS).toArray();

        Percentiles p = Percentiles.ofNanos(samples);

        assertThat(p.p99Millis()).isEqualTo(200.0);
        assertThat(p.maxMillis()).isEqualTo(5000.0);
    }

    @Test
    void oneSample() {
        Percentiles p = Percentiles.ofNanos(new long[] {7 * MS});

        assertThat(p.p50Millis()).isEqualTo(7.0);
        assertThat(p.maxMillis()).isEqualTo(7.0);
    }

    @Test
    void noSamplesIsNotMeasured() {
        assertThat(Percentiles.ofNanos(new long[0])).isEqualTo(Percentiles.NONE);
        assertThat(Percentiles.NONE.p99Millis()).isNaN();
    }
}
