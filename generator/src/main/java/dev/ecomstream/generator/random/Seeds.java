package dev.ecomstream.generator.random;

import java.util.SplittableRandom;

/**
 * Derives independent random streams from the run's seed. Every row family gets its own stream per index
 * (product 17, user 42, ...), so a row depends only on the seed and its index: the same seed gives the same
 * bytes whatever entities are written, and nothing has to be remembered between rows.
 */
public final class Seeds {

    /** The families of rows that draw from their own streams. */
    public enum Stream {
        PRODUCTS(0x6a09e667f3bcc908L),
        USERS(0xbb67ae8584caa73bL),
        BAD_ROWS(0x3c6ef372fe94f82bL);

        private final long salt;

        Stream(long salt) {
            this.salt = salt;
        }
    }

    private Seeds() {
    }

    /** The random stream of row {@code index} of {@code stream} in a run seeded with {@code seed}. */
    public static SplittableRandom random(long seed, Stream stream, long index) {
        return new SplittableRandom(mix(mix(seed ^ stream.salt) + index));
    }

    /** SplitMix64's finaliser: neighbouring inputs give unrelated outputs. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
