package dev.ecomstream.generator.entities;

import dev.ecomstream.generator.random.Weighted;

/**
 * The order lifecycle and which of its timestamps each status implies: an order is shipped before it is
 * delivered and delivered before it is returned; processing and cancelled orders never left the warehouse.
 */
public enum OrderStatus {
    PROCESSING("Processing", 20, Reached.WAREHOUSE),
    SHIPPED("Shipped", 30, Reached.SHIPPED),
    COMPLETE("Complete", 25, Reached.DELIVERED),
    RETURNED("Returned", 10, Reached.RETURNED),
    CANCELLED("Cancelled", 15, Reached.WAREHOUSE);

    /** Statuses weighted by their share of orders. */
    public static final Weighted<OrderStatus> WEIGHTED = weighted();

    /** How far an order got, in lifecycle order: each step implies every one before it. */
    private enum Reached { WAREHOUSE, SHIPPED, DELIVERED, RETURNED }

    private final String label;
    private final double weight;
    private final Reached reached;

    OrderStatus(String label, double weight, Reached reached) {
        this.label = label;
        this.weight = weight;
        this.reached = reached;
    }

    /** The status as the exports spell it. */
    public String label() {
        return label;
    }

    public boolean shipped() {
        return reached.compareTo(Reached.SHIPPED) >= 0;
    }

    public boolean delivered() {
        return reached.compareTo(Reached.DELIVERED) >= 0;
    }

    public boolean returned() {
        return reached == Reached.RETURNED;
    }

    private static Weighted<OrderStatus> weighted() {
        Weighted.Builder<OrderStatus> builder = Weighted.builder();
        for (OrderStatus status : values()) {
            builder.add(status, status.weight);
        }
        return builder.build();
    }
}
