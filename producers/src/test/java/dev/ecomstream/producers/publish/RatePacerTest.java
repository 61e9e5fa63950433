package dev.ecomstream.producers.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RatePacerTest {

    /** A clock that only moves when the pacer sleeps (or the test says so), recording each sleep. */
    private static final class FakeClock implements RatePacer.Clock {
        long now = 1_000_000_000L;
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            sleeps.add(nanos);
            now += nanos;
        }
    }

    @Test
    void shouldSpaceRowsEvenlyAtAFixedRate() throws InterruptedException {
        FakeClock clock = new FakeClock();
        RatePacer pacer = RatePacer.fixedRate(4, clock);
        long start = clock.now;
        for (int i = 0; i < 5; i++) {
            pacer.awaitTurn(-1);
        }
        assertThat(clock.now - start).isEqualTo(1_000_000_000L);
        assertThat(clock.sleeps).containsExactly(250_000_000L, 250_000_000L, 250_000_000L, 250_000_000L);
    }

    @Test
    void shouldNotSleepForTimeAlreadySpentOnTheRow() throws InterruptedException {
        FakeClock clock = new FakeClock();
        RatePacer pacer = RatePacer.fixedRate(10, clock);
        pacer.awaitTurn(-1);
        clock.now += 60_000_000L; // converting and sending took 60 ms of the row's 100 ms
        pacer.awaitTurn(-1);
        assertThat(clock.sleeps).containsExactly(40_000_000L);
    }

    @Test
    void shouldStartANewScheduleRatherThanBurstAfterFallingFarBehind() throws InterruptedException {
        FakeClock clock = new FakeClock();
        RatePacer pacer = RatePacer.fixedRate(10, clock);
        pacer.awaitTurn(-1);
        clock.now += 5_000_000_000L; // a 5 s stall, e.g. a broker election
        pacer.awaitTurn(-1);
        pacer.awaitTurn(-1);
        assertThat(clock.sleeps).containsExactly(100_000_000L);
    }

    @Test
    void shouldReplayCreatedAtGapsFasterByTheSpeed() throws InterruptedException {
        FakeClock clock = new FakeClock();
        RatePacer pacer = RatePacer.replay(60, clock);
        pacer.awaitTurn(0);
        pacer.awaitTurn(60_000);  // a minute later in the data: one second at 60x
        pacer.awaitTurn(60_000);  // same instant: no wait
        pacer.awaitTurn(30_000);  // before the timeline's position (unsorted file): at once
        pacer.awaitTurn(-1);      // no created_at: at once
        pacer.awaitTurn(180_000); // two more minutes: two seconds
        assertThat(clock.sleeps).containsExactly(1_000_000_000L, 2_000_000_000L);
    }

    @Test
    void shouldNotWaitWhenUnlimited() throws InterruptedException {
        FakeClock clock = new FakeClock();
        RatePacer pacer = RatePacer.unlimited();
        pacer.awaitTurn(0);
        pacer.awaitTurn(1_000_000);
        assertThat(pacer.isUnlimited()).isTrue();
        assertThat(clock.sleeps).isEmpty();
    }
}
