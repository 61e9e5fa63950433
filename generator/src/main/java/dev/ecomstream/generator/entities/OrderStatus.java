package dev.ecomstream.generator.entities;

import dev.ecomstream.generator.random.Weighted;

/**
 * The order lifecycle and which of its timestamps each status implies: an order is shipped before it is
 * delivered and delivered before it is returned; processing and cancelled orders never left the warehouse.
 */
public enum OrderStatus {
    PROCESSING("Processing", 20, false, false, false),
    SHIPPED("Shipped", 30, true, false, false),
    COMPLETE("Complete", 25, true, true, false),
    RETURNED("Returned", 10, true, true, true),
    CANCELLED("Cancelled", 15, false, false, false);

    /** Statuses weighted by their share of orders. */
    public static final Weighted<OrderStatus> WEIGHTED = weighted();

    private final String label;
    private final double weight;
    private final boolean shipped;
    private final boolean delivered;
    private final boolean returned;

    OrderStatus(String label, double weight, boolean shipped, boolean delivered, boolean returned) {
        this.label = label;
        this.weight = weight;
        this.shipped = shipped;
        this.delivered = delivered;
        this.returned = returned;
    }

    /** The status as the exports spell it. */
    public String label() {
        return label;
    }

    public boolean shipped() {
        return shipped;
    }

    public boolean delivered() {
        return delivered;
    }

    public boolean returned() {
        return returned;
    }

    private static Weighted<OrderStatus> weighted() {
        Weighted.Builder<OrderStatus> builder = Weighted.builder();
        for (OrderStatus status : values()) {
            builder.add(status, status.weight);
        }
        return builder.build();
    }
}
