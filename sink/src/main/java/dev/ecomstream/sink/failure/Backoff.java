package dev.ecomstream.sink.failure;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Exponential back-off between attempts, doubling from a first delay up to a cap; reset after a success. */
public final class Backoff {

    private final Duration first;
    private final Duration max;
    private Duration current;

    Backoff(Duration first, Duration max) {
        this.first = first;
        this.max = max;
        this.current = first;
    }

    /** The sink's waits for PostgreSQL: half a second first, then twice as long each time, up to 30 s. */
    public static Backoff forDatabase() {
        return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    public Duration current() {
        return current;
    }

    /** The delay to wait now; the next call returns twice as much, up to the cap. */
    public Duration next() {
        Duration delay = current;
        Duration doubled = current.multipliedBy(2);
        current = doubled.compareTo(max) > 0 ? max : doubled;
        return delay;
    }

    public void reset() {
        current = first;
    }

    /**
     * Sleeps for {@link #next()} in short steps, waking early when {@code stopRequested} turns true.
     *
     * @return false when woken by a stop request (or an interrupt, whose flag is kept)
     */
    public boolean sleep(BooleanSupplier stopRequested) {
        long until = System.nanoTime() + next().toNanos();
        while (System.nanoTime() < until) {
            if (stopRequested.getAsBoolean()) {
                return false;
            }
            try {
                Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !stopRequested.getAsBoolean();
    }
}
