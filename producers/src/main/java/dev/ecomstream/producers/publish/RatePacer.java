package dev.ecomstream.producers.publish;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds rows back to a pace: as fast as possible, a fixed number of rows per second ({@code --rate}), or the
 * rows' own {@code created_at} timeline replayed X times faster ({@code --replay-speed}).
 *
 * <p>Rows are due on a schedule computed from the first row rather than by sleeping a fixed gap after each
 * send, so time spent reading, converting and sending does not slow the pace down, and sleeps shorter than
 * the timer's granularity even out. A replayed row whose {@code created_at} lies before the timeline's
 * current position (the file is not sorted) or that has none is sent at once; the timeline never goes back.
 */
public final class RatePacer {

    /** Time source and sleep, replaceable in tests. */
    interface Clock {
        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;
    }

    static final Clock SYSTEM_CLOCK = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    };

    private static final Logger log = LoggerFactory.getLogger(RatePacer.class);
    /** A fixed-rate run that fell this far behind starts a new schedule instead of bursting to catch up. */
    private static final long MAX_LAG_NANOS = Duration.ofSeconds(1).toNanos();
    /** Waits at least this long are announced, so a replay across a quiet night does not look hung. */
    private static final long ANNOUNCED_WAIT_NANOS = Duration.ofSeconds(10).toNanos();

    private final Clock clock;
    private final double nanosPerRow;
    private final double replaySpeed;
    private long scheduleStart = -1;
    private long rowsScheduled;
    private long timelineStartMillis = -1;

    private RatePacer(Clock clock, double rowsPerSecond, double replaySpeed) {
        this.clock = clock;
        this.nanosPerRow = rowsPerSecond > 0 ? 1e9 / rowsPerSecond : 0;
        this.replaySpeed = replaySpeed;
    }

    /** No pacing. */
    public static RatePacer unlimited() {
        return new RatePacer(SYSTEM_CLOCK, 0, 0);
    }

    /** {@code rowsPerSecond} rows per second on average. */
    public static RatePacer fixedRate(double rowsPerSecond) {
        return fixedRate(rowsPerSecond, SYSTEM_CLOCK);
    }

    static RatePacer fixedRate(double rowsPerSecond, Clock clock) {
        if (!(rowsPerSecond > 0)) {
            throw new IllegalArgumentException("the rate must be above 0 rows per second, was " + rowsPerSecond);
        }
        return new RatePacer(clock, rowsPerSecond, 0);
    }

    /** The gaps between {@code created_at} values, divided by {@code speed}. */
    public static RatePacer replay(double speed) {
        return replay(speed, SYSTEM_CLOCK);
    }

    static RatePacer replay(double speed, Clock clock) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("the replay speed must be above 0, was " + speed);
        }
        return new RatePacer(clock, 0, speed);
    }

    public boolean isReplay() {
        return replaySpeed > 0;
    }

    public boolean isUnlimited() {
        return nanosPerRow == 0 && replaySpeed == 0;
    }

    /**
     * Returns when the next row is due.
     *
     * @param createdAtMillis the row's {@code created_at} in epoch milliseconds, or -1 when it has none
     */
    public void awaitTurn(long createdAtMillis) throws InterruptedException {
        if (nanosPerRow > 0) {
            awaitFixedRate();
        } else if (replaySpeed > 0 && createdAtMillis >= 0) {
            awaitReplay(createdAtMillis);
        }
    }

    private void awaitFixedRate() throws InterruptedException {
        long now = clock.nanoTime();
        if (scheduleStart < 0) {
            scheduleStart = now;
        }
        long due = scheduleStart + (long) (rowsScheduled * nanosPerRow);
        if (now - due > MAX_LAG_NANOS) {
            scheduleStart = now;
            rowsScheduled = 0;
            due = now;
        }
        rowsScheduled++;
        sleepUntil(due, now, null);
    }

    private void awaitReplay(long createdAtMillis) throws InterruptedException {
        long now = clock.nanoTime();
        if (timelineStartMillis < 0) {
            timelineStartMillis = createdAtMillis;
            scheduleStart = now;
            return;
        }
        long due = scheduleStart + (long) ((createdAtMillis - timelineStartMillis) * 1e6 / replaySpeed);
        sleepUntil(due, now, Instant.ofEpochMilli(createdAtMillis));
    }

    private void sleepUntil(long due, long now, Instant createdAt) throws InterruptedException {
        long wait = due - now;
        if (wait <= 0) {
            return;
        }
        if (wait >= ANNOUNCED_WAIT_NANOS) {
            log.info("Waiting {} s for the next row{}", wait / 1_000_000_000L,
                    createdAt != null ? " (created_at " + createdAt + ", replayed at " + replaySpeed + "x)" : "");
        }
        clock.sleepNanos(wait);
    }
}
