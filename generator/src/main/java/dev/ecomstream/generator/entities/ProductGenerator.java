package dev.ecomstream.generator.entities;

import dev.ecomstream.generator.output.CsvOutput;
import dev.ecomstream.generator.random.RandomValues;
import dev.ecomstream.generator.random.Seeds;
import dev.ecomstream.generator.reference.DistributionCenter;
import dev.ecomstream.generator.reference.ProductCatalog;
import dev.ecomstream.generator.reference.ProductCatalog.Category;
import java.util.SplittableRandom;

/**
 * The product catalogue of a run. A product is computed from the seed and its id alone, so inventory and
 * order items re-derive the product they refer to instead of keeping the catalogue in memory, which keeps
 * memory flat at any scale.
 *
 * <p>Ids {@code 1..womenCount} are the Women department and the rest Men, so a product of a given
 * department can be drawn without looking at the others.
 */
public final class ProductGenerator {

    /** Ending of a retail price: most prices end in .99, some are whole or half dollars. */
    private static final double[] CENTS = {0.99, 0.99, 0.99, 0.95, 0.5, 0.0};

    private final long seed;
    private final long count;
    private final long womenCount;

    public ProductGenerator(long seed, long count) {
        if (count < 2) {
            throw new IllegalArgumentException("at least two products are needed, one per department");
        }
        this.seed = seed;
        this.count = count;
        this.womenCount = (count + 1) / 2;
    }

    public long count() {
        return count;
    }

    public Product product(long id) {
        SplittableRandom random = Seeds.random(seed, Seeds.Stream.PRODUCTS, id);
        Category category = ProductCatalog.categories(id <= womenCount ? ProductCatalog.WOMEN : ProductCatalog.MEN)
                .pick(random);
        String brand = ProductCatalog.BRANDS.pick(random);
        double retailPrice = retailPrice(random, category);
        double cost = retailPrice * RandomValues.between(random, 0.3, 0.7);
        return new Product(id, cost, category, name(random, category, brand), brand, retailPrice,
                RandomValues.hex(random, 32), 1 + random.nextInt(DistributionCenter.ALL.size()));
    }

    /** A random product of the department ({@link ProductCatalog#WOMEN} or {@link ProductCatalog#MEN}). */
    public Product randomProduct(SplittableRandom random, String department) {
        return ProductCatalog.WOMEN.equals(department)
                ? product(RandomValues.between(random, 1, womenCount))
                : product(RandomValues.between(random, womenCount + 1, count));
    }

    public Product randomProduct(SplittableRandom random) {
        return product(RandomValues.between(random, 1, count));
    }

    public void writeAll(CsvOutput out) {
        for (long id = 1; id <= count; id++) {
            Product product = product(id);
            out.set("id", product.id())
                    .setDecimal("cost", product.cost())
                    .set("category", product.category().name())
                    .set("name", product.name())
                    .set("brand", product.brand())
                    .setDecimal("retail_price", product.retailPrice())
                    .set("department", product.department())
                    .set("sku", product.sku())
                    .set("distribution_center_id", product.distributionCenterId())
                    .endRow();
        }
    }

    private static double retailPrice(SplittableRandom random, Category category) {
        // skewed towards the cheap end of the range, as most catalogues are
        double share = StrictMath.pow(random.nextDouble(), 2);
        double dollars = StrictMath.floor(
                category.minPrice() * StrictMath.pow(category.maxPrice() / category.minPrice(), share));
        double price = dollars + CENTS[random.nextInt(CENTS.length)];
        // the exports hold prices that went through a 32-bit float, hence 49.990001678466797
        return (float) price;
    }

    private static String name(SplittableRandom random, Category category, String brand) {
        StringBuilder name = new StringBuilder(64).append(brand).append(' ');
        if (RandomValues.chance(random, 0.6)) {
            name.append(ProductCatalog.WOMEN.equals(category.department()) ? "Women's " : "Men's ");
        }
        name.append(ProductCatalog.STYLES.pick(random)).append(' ')
                .append(category.nouns().get(random.nextInt(category.nouns().size())));
        int suffix = random.nextInt(10);
        if (suffix < 3) {
            name.append(", ").append(ProductCatalog.COLORS.pick(random));
        } else if (suffix == 3) {
            name.append(", Pack of ").append(2 + random.nextInt(4));
        }
        return name.toString();
    }
}
