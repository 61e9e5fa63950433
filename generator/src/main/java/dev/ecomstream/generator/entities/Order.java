package dev.ecomstream.generator.entities;

import java.util.List;

/**
 * An order as placed; its items share its status and timestamps. A timestamp the status does not imply is
 * {@link #NONE}.
 */
public record Order(long id, User user, OrderStatus status, long createdAt, long shippedAt, long deliveredAt,
                    long returnedAt, List<Product> products) {

    /** Marks a timestamp that is not set. */
    public static final long NONE = Long.MIN_VALUE;
}
