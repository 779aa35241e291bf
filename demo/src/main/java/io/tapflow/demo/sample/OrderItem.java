package io.tapflow.demo.sample;

import java.math.BigDecimal;
import java.time.LocalDateTime;

/**
 * A row of {@code ecom_order_items}, with Olist's columns: one item of an order. An order has one to
 * three items, numbered from 1; as in Olist, two units of one product are two items. No value is null.
 *
 * @param orderId           the {@link Order#orderId()} it belongs to; with {@code orderItemId}, the primary key
 * @param orderItemId       its number within the order, from 1
 * @param productId         the {@link Product#productId()} sold
 * @param sellerId          the seller, 32 hexadecimal digits (there is no sellers table)
 * @param shippingLimitDate the date by which the seller must hand it to the carrier
 * @param price             the item's price in reais, two decimals
 * @param freightValue      what shipping it costs, in reais, two decimals: more for heavy products and
 *                          far-away states
 */
public record OrderItem(
        String orderId,
        int orderItemId,
        String productId,
        String sellerId,
        LocalDateTime shippingLimitDate,
        BigDecimal price,
        BigDecimal freightValue) {
}
