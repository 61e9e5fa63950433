package dev.ecomstream.bench;

import java.util.Arrays;

/**
 * p50, p95, p99 and max of a set of latencies, by the nearest-rank method: every reported value is one that
 * was really measured (no interpolation between two samples), so "p99 = 640 ms" means 99% of the samples
 * took at most 640 ms.
 *
 * @param count how many samples
 * @param p50Millis p95Millis p99Millis maxMillis in milliseconds
 */
public record Percentiles(int count, double p50Millis, double p95Millis, double p99Millis, double maxMillis) {

    /** No samples: every figure is NaN, which the table prints as "n/a". */
    public static final Percentiles NONE = new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** Computes the percentiles of latencies given in nanoseconds; the array is sorted in place. */
    public static Percentiles ofNanos(long[] nanos) {
        if (nanos.length == 0) {
            return NONE;
        }
        Arrays.sort(nanos);
        return new Percentiles(nanos.length, millis(rank(nanos, 50)), millis(rank(nanos, 95)),
                millis(rank(nanos, 99)), millis(nanos[nanos.length - 1]));
    }

    /** The nearest-rank percentile: the smallest sample with at least p% of the samples at or below it. */
    static long rank(long[] sorted, double percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
