package dev.ecomstream.generator.entities;

import dev.ecomstream.generator.reference.ProductCatalog.Category;

/** A product; inventory items and order items copy its attributes. */
public record Product(long id, double cost, Category category, String name, String brand, double retailPrice,
                      String sku, long distributionCenterId) {

    public String department() {
        return category.department();
    }
}
