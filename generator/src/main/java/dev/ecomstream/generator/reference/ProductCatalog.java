package dev.ecomstream.generator.reference;

import dev.ecomstream.generator.random.Weighted;
import java.util.List;

/**
 * What TheLook sells: categories per department with their share of products and price range, the brands,
 * and the words product names are made of. Brand names keep the exports' quirks: apostrophes
 * ({@code Levi's}), accents and mojibake ({@code AriatÂ®}, a UTF-8 "®" once decoded as Latin-1).
 */
public final class ProductCatalog {

    /** The two departments; every product and every user's purchases belong to one. */
    public static final String WOMEN = "Women";
    public static final String MEN = "Men";

    /**
     * A product category.
     *
     * @param department {@link #WOMEN} or {@link #MEN}
     * @param minPrice   lowest retail price in dollars
     * @param maxPrice   highest retail price in dollars
     * @param nouns      what a product of the category is called
     */
    public record Category(String department, String name, double minPrice, double maxPrice, List<String> nouns) {
    }

    public static final Weighted<Category> WOMEN_CATEGORIES = Weighted.<Category>builder()
            .add(new Category(WOMEN, "Intimates", 8, 60, List.of("Bra", "Bralette", "Panty", "Camisole")), 2363)
            .add(new Category(WOMEN, "Jeans", 25, 220, List.of("Skinny Jean", "Bootcut Jean", "Boyfriend Jean")), 1000)
            .add(new Category(WOMEN, "Tops & Tees", 10, 90, List.of("Tee", "Tank", "Blouse", "Henley")), 934)
            .add(new Category(WOMEN, "Fashion Hoodies & Sweatshirts", 20, 120, List.of("Hoodie", "Sweatshirt")), 933)
            .add(new Category(WOMEN, "Sweaters", 20, 250, List.of("Cardigan", "Pullover", "Turtleneck")), 868)
            .add(new Category(WOMEN, "Swim", 15, 150, List.of("Bikini Set", "One-Piece Swimsuit", "Cover-Up")), 860)
            .add(new Category(WOMEN, "Sleep & Lounge", 12, 110, List.of("Pajama Set", "Robe", "Nightgown")), 804)
            .add(new Category(WOMEN, "Dresses", 25, 300, List.of("Maxi Dress", "Shift Dress", "Wrap Dress")), 1200)
            .add(new Category(WOMEN, "Accessories", 5, 150, List.of("Scarf", "Belt", "Sunglasses", "Beanie")), 780)
            .add(new Category(WOMEN, "Shorts", 12, 80, List.of("Denim Short", "Bermuda Short")), 775)
            .add(new Category(WOMEN, "Pants & Capris", 20, 140, List.of("Capri", "Wide-Leg Pant", "Chino")), 700)
            .add(new Category(WOMEN, "Outerwear & Coats", 40, 600, List.of("Trench Coat", "Parka", "Puffer Jacket")), 600)
            .add(new Category(WOMEN, "Active", 15, 120, List.of("Sports Bra", "Yoga Pant", "Running Tank")), 550)
            .add(new Category(WOMEN, "Leggings", 10, 80, List.of("Legging", "Jegging")), 450)
            .add(new Category(WOMEN, "Plus", 20, 150, List.of("Plus-Size Tunic", "Plus-Size Dress")), 430)
            .add(new Category(WOMEN, "Maternity", 20, 140, List.of("Maternity Dress", "Nursing Top")), 400)
            .add(new Category(WOMEN, "Blazers & Jackets", 40, 400, List.of("Blazer", "Moto Jacket")), 380)
            .add(new Category(WOMEN, "Skirts", 15, 150, List.of("Pencil Skirt", "Midi Skirt", "Mini Skirt")), 370)
            .add(new Category(WOMEN, "Socks & Hosiery", 4, 40, List.of("Tights", "Ankle Sock", "Knee-High Sock")), 350)
            .add(new Category(WOMEN, "Jumpsuits & Rompers", 25, 180, List.of("Jumpsuit", "Romper")), 300)
            .add(new Category(WOMEN, "Suits", 60, 500, List.of("Pant Suit", "Skirt Suit")), 180)
            .add(new Category(WOMEN, "Clothing Sets", 20, 120, List.of("Two-Piece Set", "Lounge Set")), 100)
            .build();

    public static final Weighted<Category> MEN_CATEGORIES = Weighted.<Category>builder()
            .add(new Category(MEN, "Jeans", 25, 250, List.of("Slim Jean", "Straight Jean", "Relaxed Jean")), 1000)
            .add(new Category(MEN, "Tops & Tees", 10, 90, List.of("Crew Tee", "Polo", "Henley", "Tank")), 934)
            .add(new Category(MEN, "Fashion Hoodies & Sweatshirts", 20, 130, List.of("Hoodie", "Zip Hoodie")), 933)
            .add(new Category(MEN, "Sweaters", 25, 250, List.of("Crewneck Sweater", "V-Neck Sweater")), 869)
            .add(new Category(MEN, "Swim", 15, 90, List.of("Board Short", "Swim Trunk")), 860)
            .add(new Category(MEN, "Sleep & Lounge", 12, 100, List.of("Pajama Pant", "Lounge Set", "Robe")), 804)
            .add(new Category(MEN, "Underwear", 8, 60, List.of("Boxer Brief", "Trunk", "Undershirt")), 1000)
            .add(new Category(MEN, "Accessories", 5, 200, List.of("Belt", "Wallet", "Cap", "Sunglasses", "Tie")), 780)
            .add(new Category(MEN, "Shorts", 12, 90, List.of("Cargo Short", "Chino Short")), 775)
            .add(new Category(MEN, "Pants", 20, 180, List.of("Chino", "Cargo Pant", "Dress Pant")), 900)
            .add(new Category(MEN, "Outerwear & Coats", 40, 700, List.of("Peacoat", "Parka", "Bomber Jacket")), 700)
            .add(new Category(MEN, "Active", 15, 130, List.of("Training Short", "Compression Shirt")), 550)
            .add(new Category(MEN, "Socks", 4, 35, List.of("Crew Sock", "Dress Sock", "No-Show Sock")), 600)
            .add(new Category(MEN, "Suits & Sport Coats", 80, 900, List.of("Suit Jacket", "Sport Coat", "Tuxedo")), 742)
            .build();

    public static final Weighted<String> BRANDS = Weighted.<String>builder()
            .add("Allegra K", 8).add("Calvin Klein", 6).add("Carhartt", 5).add("Hanes", 5).add("Levi's", 5)
            .add("Tommy Hilfiger", 4).add("Nautica", 4).add("Columbia", 4).add("Quiksilver", 3).add("Volcom", 3)
            .add("Champion", 3).add("Fruit of the Loom", 3).add("Jockey", 3).add("Wrangler", 3).add("Dockers", 3)
            .add("Diesel", 2).add("Lucky Brand", 2).add("Hurley", 2).add("Speedo", 2).add("Under Armour", 2)
            .add("Nike", 2).add("adidas", 2).add("Puma", 2).add("The North Face", 2).add("Patagonia", 2)
            .add("Roxy", 2).add("Billabong", 2).add("O'Neill", 2).add("Lacoste", 1).add("Guess", 1)
            .add("Ralph Lauren", 1).add("Orvis", 1).add("Ray-Ban", 1).add("Agnès b.", 1).add("Comme des Garçons", 1)
            // weighted up so even a small sample shows the mojibake
            .add("AriatÂ®", 3).add("Dr. Martensâ„¢", 2).add("Pierre CardinÂ®", 2)
            .build();

    public static final Weighted<String> STYLES = Weighted.uniform(
            "Classic", "Slim Fit", "Relaxed Fit", "Vintage", "Lightweight", "Premium", "Essential", "Stretch",
            "Organic Cotton", "Heathered", "Quilted", "Cropped", "Oversized", "Wrinkle-Free", "Tailored");

    public static final Weighted<String> COLORS = Weighted.uniform(
            "Black", "Navy", "Heather Grey", "Burgundy", "Olive", "White", "Charcoal", "Indigo", "Khaki", "Rosé");

    private ProductCatalog() {
    }

    public static Weighted<Category> categories(String department) {
        return WOMEN.equals(department) ? WOMEN_CATEGORIES : MEN_CATEGORIES;
    }
}
