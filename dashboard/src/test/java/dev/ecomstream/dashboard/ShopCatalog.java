package dev.ecomstream.dashboard;

import dev.ecomstream.testkit.Shop;
import dev.ecomstream.testkit.Shop.DistributionCenter;
import dev.ecomstream.testkit.Shop.Product;
import java.math.BigDecimal;
import java.util.List;

/**
 * The dashboard tests' catalog: three products in two categories and two customers, to which each test adds
 * the orders and web events it needs, so that it can compute what every panel must show from the same rows.
 */
final class ShopCatalog {

    static final long CENTER = 1;
    static final Product SLIM_JEANS =
            Shop.simpleProduct(11, "Slim Jeans", "Acme", "Jeans", "Men", new BigDecimal("40.00"), CENTER);
    static final Product STRAIGHT_JEANS = Shop.simpleProduct(12, "Straight Jeans", "Acme", "Jeans", "Men",
            new BigDecimal("25.00"), CENTER);
    static final Product TEE =
            Shop.simpleProduct(13, "Basic Tee", "Plain", "Tops & Tees", "Women", new BigDecimal("15.50"), CENTER);
    static final long ADA = 101;
    static final long GRACE = 102;

    private ShopCatalog() {
    }

    /** A shop holding the distribution center, the products and the two customers, not landed yet. */
    static Shop newShop() {
        Shop shop = new Shop();
        shop.add(new DistributionCenter(CENTER, "Memphis TN", new BigDecimal("35.1174"), new BigDecimal("-89.9711")));
        List.of(SLIM_JEANS, STRAIGHT_JEANS, TEE).forEach(shop::add);
        shop.add(Shop.simpleCustomer(ADA, "F"), Shop.simpleCustomer(GRACE, "F"));
        return shop;
    }
}
