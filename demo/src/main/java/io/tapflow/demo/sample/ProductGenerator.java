package io.tapflow.demo.sample;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Makes the rows of {@code ecom_products}, each with the seller who sells it and its price. */
final class ProductGenerator {

    /**
     * A product as its seller lists it: Olist's products table has neither seller nor price, but every
     * item of the product is sold by this seller at about this price.
     */
    record Listing(Product product, String sellerId, BigDecimal price) {
    }

    /** As in Olist, about 2% of products have no category, name length, description length or photo count. */
    private static final double UNCATEGORISED = 0.0185;
    private static final BigDecimal MIN_PRICE = new BigDecimal("0.85");
    private static final BigDecimal MAX_PRICE = new BigDecimal("6735.00");
    /** Olist's photo counts: most products have one or two. */
    private static final Weighted<Integer> PHOTOS = Weighted.<Integer>builder()
            .add(1, 50).add(2, 20).add(3, 12).add(4, 7).add(5, 5).add(6, 3).add(7, 1).add(8, 1).add(10, 1)
            .build();
    /** Prices end as shops end them: .90, .99, .00, now and then anything ({@link #ANY_CENTS}). */
    private static final int ANY_CENTS = -1;
    private static final Weighted<Integer> CENTS = Weighted.<Integer>builder()
            .add(90, 45).add(99, 25).add(0, 20).add(ANY_CENTS, 10)
            .build();

    private final long seed;
    private final int sellers;

    /** {@code sellers}: how many sellers share the products, some far more than others. */
    ProductGenerator(long seed, int sellers) {
        this.seed = seed;
        this.sellers = sellers;
    }

    Listing listing(int index) {
        SampleRandom random = SampleRandom.forRow(seed, ECommerceSample.PRODUCTS, index);
        String productId = random.hexId();
        boolean uncategorised = random.chance(UNCATEGORISED);
        Categories.Category category = Categories.pick(random);
        Categories.Size size = category.size();
        Product product = new Product(productId,
                uncategorised ? null : category.name(),
                // Olist's name lengths cluster around 50 characters; descriptions range from a line to pages.
                uncategorised ? null : (int) (random.between(10, 40) + random.between(10, 36)),
                uncategorised ? null : (int) random.logUniform(80, 4_000),
                uncategorised ? null : PHOTOS.pick(random),
                size.weightG.pickLogUniform(random),
                size.lengthCm.pick(random),
                size.heightCm.pick(random),
                size.widthCm.pick(random));
        // Squaring favours the first sellers: a few sell much, most sell little.
        int seller = (int) (sellers * square(random.nextDouble()));
        return new Listing(product, sellerId(seller), price(category.medianPrice(), random));
    }

    private String sellerId(int seller) {
        return SampleRandom.forRow(seed, "seller_id", seller).hexId();
    }

    /** Around the category's median, spread as prices are (log-normal), ending as shop prices do. */
    private static BigDecimal price(int median, SampleRandom random) {
        double raw = median * StrictMath.exp(0.75 * random.normal());
        int cents = CENTS.pick(random);
        long reais = (long) raw;
        BigDecimal price = cents == ANY_CENTS
                ? BigDecimal.valueOf(raw).setScale(2, RoundingMode.HALF_UP)
                : BigDecimal.valueOf(reais * 100 + cents, 2);
        return price.max(MIN_PRICE).min(MAX_PRICE);
    }

    private static double square(double x) {
        return x * x;
    }
}
