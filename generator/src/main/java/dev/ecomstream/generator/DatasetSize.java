package dev.ecomstream.generator;

/**
 * How many users and products a scale means. The other entities follow from per-user distributions
 * calibrated on the real dataset (at scale 1: about 125,000 orders, 180,000 order items, 490,000
 * inventory items and 2,400,000 events for 100,000 users and 29,000 products).
 *
 * @param users    at least 1
 * @param products at least 2, one per department
 */
public record DatasetSize(long users, long products) {

    static final long USERS_AT_SCALE_ONE = 100_000;
    static final long PRODUCTS_AT_SCALE_ONE = 29_000;

    public static DatasetSize ofScale(double scale) {
        return new DatasetSize(
                Math.max(1, Math.round(USERS_AT_SCALE_ONE * scale)),
                Math.max(2, Math.round(PRODUCTS_AT_SCALE_ONE * scale)));
    }
}
