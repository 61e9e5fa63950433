package dev.ecomstream.generator.random;

import java.util.SplittableRandom;

/**
 * Small random values shared by the entity generators. Only integer arithmetic and {@link StrictMath} are
 * used, so a seed produces the same values on every JVM and platform.
 */
public final class RandomValues {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private RandomValues() {
    }

    /** A whole number in {@code [low, high]}. */
    public static long between(SplittableRandom random, long low, long high) {
        return random.nextLong(low, high + 1);
    }

    /** A double in {@code [low, high)}. */
    public static double between(SplittableRandom random, double low, double high) {
        return random.nextDouble(low, high);
    }

    public static boolean chance(SplittableRandom random, double probability) {
        return random.nextDouble() < probability;
    }

    /** A Poisson-distributed count (Knuth's method; the means used here are small). */
    public static int poisson(SplittableRandom random, double mean) {
        double limit = StrictMath.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }

    /**
     * A timestamp in epoch microseconds, not before {@code fromMicros} and about {@code toMicros} at most. A third are whole seconds, a third
     * whole milliseconds and a third full microseconds, because the exports carry all three precisions and the
     * formats that print fractions should show each of them.
     */
    public static long timestampMicros(SplittableRandom random, long fromMicros, long toMicros) {
        long micros = random.nextLong(fromMicros, toMicros + 1);
        long unit = switch (random.nextInt(3)) {
            case 0 -> MICROS_PER_SECOND;
            case 1 -> 1_000L;
            default -> 1L;
        };
        long truncated = micros - Math.floorMod(micros, unit);
        // rounding up instead keeps "not before fromMicros", which callers rely on for ordering
        return truncated < fromMicros ? truncated + unit : truncated;
    }

    /** Replaces every {@code #} of the pattern with a random digit ({@code "#####-###"} → {@code "02220-417"}). */
    public static String digits(SplittableRandom random, String pattern) {
        char[] chars = pattern.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == '#') {
                chars[i] = (char) ('0' + random.nextInt(10));
            }
        }
        return new String(chars);
    }

    /** {@code length} lower-case hexadecimal digits, the shape of the exports' SKUs. */
    public static String hex(SplittableRandom random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = HEX[random.nextInt(16)];
        }
        return new String(chars);
    }

    /** A random (version 4) UUID in its canonical form. */
    public static String uuid(SplittableRandom random) {
        long most = (random.nextLong() & ~0xf000L) | 0x4000L;
        long least = (random.nextLong() & ~(0xc000000000000000L)) | 0x8000000000000000L;
        return new java.util.UUID(most, least).toString();
    }

    /** A public-looking IPv4 address; one in a hundred is an IPv6 address, as some clients connect over v6. */
    public static String ipAddress(SplittableRandom random) {
        if (random.nextInt(100) == 0) {
            return "2001:db8:" + Integer.toHexString(random.nextInt(0x10000)) + "::"
                    + Integer.toHexString(random.nextInt(1, 0x10000));
        }
        return (1 + random.nextInt(223)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                + (1 + random.nextInt(254));
    }
}
