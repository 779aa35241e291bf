package io.tapflow.demo.sample;

/**
 * A row of {@code ecom_products}, with Olist's columns and Olist's spelling of them ({@code lenght}).
 * As in Olist, about 2% of the products have no category, and then no name length, description length
 * or photo count either: those four are null together.
 *
 * @param productId                the primary key, 32 hexadecimal digits
 * @param productCategoryName      Olist's Portuguese category name ({@code "cama_mesa_banho"}), or null
 * @param productNameLenght        the length of the product's name, in characters, or null
 * @param productDescriptionLenght the length of its description, in characters, or null
 * @param productPhotosQty         how many photos it has, or null
 * @param productWeightG           its weight in grams
 * @param productLengthCm          its length in centimetres
 * @param productHeightCm          its height in centimetres
 * @param productWidthCm           its width in centimetres
 */
public record Product(
        String productId,
        String productCategoryName,
        Integer productNameLenght,
        Integer productDescriptionLenght,
        Integer productPhotosQty,
        int productWeightG,
        int productLengthCm,
        int productHeightCm,
        int productWidthCm) {
}
