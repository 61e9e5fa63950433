package dev.ecomstream.generator.entities;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The period the dataset covers and time units in microseconds, the precision of every generated timestamp.
 * The period is fixed rather than "until now" so a seed gives the same data on any day.
 */
public final class Timeline {

    public static final long START = micros("2019-01-01T00:00:00Z");
    public static final long END = micros("2025-06-30T23:59:59Z");

    public static final long SECOND = TimeUnit.SECONDS.toMicros(1);
    public static final long MINUTE = TimeUnit.MINUTES.toMicros(1);
    public static final long HOUR = TimeUnit.HOURS.toMicros(1);
    public static final long DAY = TimeUnit.DAYS.toMicros(1);

    private Timeline() {
    }

    private static long micros(String instant) {
        return TimeUnit.SECONDS.toMicros(Instant.parse(instant).getEpochSecond());
    }
}
