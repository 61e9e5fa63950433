package dev.ecomstream.generator.reference;

import java.util.List;

/**
 * A distribution center. TheLook has the same ten at every scale, so they are a constant table.
 *
 * @param id        1 to 10
 * @param name      the port or city
 * @param latitude  degrees north
 * @param longitude degrees east
 */
public record DistributionCenter(long id, String name, double latitude, double longitude) {

    /** The ten centers of the dataset, in id order. */
    public static final List<DistributionCenter> ALL = List.of(
            new DistributionCenter(1, "Memphis TN", 35.1174, -89.9711),
            new DistributionCenter(2, "Chicago IL", 41.8369, -87.6847),
            new DistributionCenter(3, "Houston TX", 29.7604, -95.3698),
            new DistributionCenter(4, "Los Angeles CA", 34.05, -118.25),
            new DistributionCenter(5, "New Orleans LA", 29.95, -90.0667),
            new DistributionCenter(6, "Port Authority of New York/New Jersey NY/NJ", 40.634, -73.7834),
            new DistributionCenter(7, "Philadelphia PA", 39.95, -75.1667),
            new DistributionCenter(8, "Mobile AL", 30.6944, -88.0431),
            new DistributionCenter(9, "Charleston SC", 32.7833, -79.9333),
            new DistributionCenter(10, "Savannah GA", 32.0167, -81.1167));
}
