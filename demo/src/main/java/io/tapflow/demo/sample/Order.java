package io.tapflow.demo.sample;

import java.time.LocalDateTime;

/**
 * A row of {@code ecom_orders}, with Olist's columns. The dates are consistent with the status, as in
 * Olist: an order is approved after it is purchased, handed to the carrier after it is approved, and
 * delivered after that; an order that has not reached a step has null for it.
 *
 * <table>
 * <caption>Which dates each status has</caption>
 * <tr><th>status</th><th>approved</th><th>carrier</th><th>customer</th></tr>
 * <tr><td>{@code delivered}</td><td>yes</td><td>yes</td><td>yes</td></tr>
 * <tr><td>{@code shipped}</td><td>yes</td><td>yes</td><td>null</td></tr>
 * <tr><td>{@code canceled}</td><td>mostly</td><td>rarely</td><td>null</td></tr>
 * <tr><td>{@code created}</td><td>null</td><td>null</td><td>null</td></tr>
 * <tr><td>any other</td><td>yes</td><td>null</td><td>null</td></tr>
 * </table>
 *
 * @param orderId                    the primary key, 32 hexadecimal digits
 * @param customerId                 the {@link Customer#customerId()} who placed it
 * @param orderStatus                Olist's statuses ({@code delivered}, {@code shipped}, {@code canceled},
 *                                   {@code unavailable}, {@code invoiced}, {@code processing}, {@code created},
 *                                   {@code approved}) and, for the demo's status clean-up to repair,
 *                                   {@code ""} and {@code SendError}; never null
 * @param orderPurchaseTimestamp     when it was placed, between September 2016 and October 2018; never null
 * @param orderApprovedAt            when the payment was approved, or null
 * @param orderDeliveredCarrierDate  when the seller handed it to the carrier, or null
 * @param orderDeliveredCustomerDate when it reached the customer, or null; about 8% of deliveries
 *                                   come after the estimated date
 * @param orderEstimatedDeliveryDate the delivery date promised at purchase, at midnight; never null
 */
public record Order(
        String orderId,
        String customerId,
        String orderStatus,
        LocalDateTime orderPurchaseTimestamp,
        LocalDateTime orderApprovedAt,
        LocalDateTime orderDeliveredCarrierDate,
        LocalDateTime orderDeliveredCustomerDate,
        LocalDateTime orderEstimatedDeliveryDate) {
}
