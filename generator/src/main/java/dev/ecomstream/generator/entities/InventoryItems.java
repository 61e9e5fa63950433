package dev.ecomstream.generator.entities;

import dev.ecomstream.generator.output.CsvOutput;
import dev.ecomstream.generator.random.RandomValues;
import java.util.SplittableRandom;

/**
 * Writes inventory items and hands out their ids. Each item copies its product's attributes, as in the
 * exports. Items are stocked both for order items (sold, {@code sold_at} set) and as unsold stock.
 */
public final class InventoryItems {

    /** How long before its sale an item may have been stocked. */
    private static final long MAX_SHELF_TIME = 180 * Timeline.DAY;

    private final CsvOutput out;
    private long nextId = 1;

    public InventoryItems(CsvOutput out) {
        this.out = out;
    }

    /** Writes an item sold at {@code soldAt}, stocked some time before, and returns its id. */
    public long sold(SplittableRandom random, Product product, long soldAt) {
        long createdAt = RandomValues.timestampMicros(random, soldAt - MAX_SHELF_TIME, soldAt - Timeline.HOUR);
        return write(product, createdAt, true, soldAt);
    }

    /** Writes an item still on the shelf. */
    public void unsold(SplittableRandom random, Product product) {
        write(product, RandomValues.timestampMicros(random, Timeline.START, Timeline.END), false, 0);
    }

    private long write(Product product, long createdAt, boolean sold, long soldAt) {
        long id = nextId++;
        out.set("id", id)
                .set("product_id", product.id())
                .setTimestamp("created_at", createdAt)
                .setDecimal("cost", product.cost())
                .set("product_category", product.category().name())
                .set("product_name", product.name())
                .set("product_brand", product.brand())
                .setDecimal("product_retail_price", product.retailPrice())
                .set("product_department", product.department())
                .set("product_sku", product.sku())
                .set("product_distribution_center_id", product.distributionCenterId());
        if (sold) {
            out.setTimestamp("sold_at", soldAt);
        }
        out.endRow();
        return id;
    }
}
