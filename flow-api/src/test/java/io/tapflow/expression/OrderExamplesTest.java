package io.tapflow.expression;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The orders_clean example expressions, on records shaped like the Olist e-commerce orders table. */
class OrderExamplesTest {

    private static final FieldExpression NOT_CANCELED =
            FieldExpression.parse("order_status != 'canceled' and customer_id is not null");
    private static final FieldExpression IS_LATE =
            FieldExpression.parse("order_delivered_customer_date > order_estimated_delivery_date");
    private static final FieldExpression TOTAL = FieldExpression.parse("price + freight_value");

    private static Map<String, Object> order(String id, String status, String customer, LocalDateTime delivered,
            LocalDateTime estimated) {
        Map<String, Object> order = new HashMap<>();
        order.put("order_id", id);
        order.put("order_status", status);
        order.put("customer_id", customer);
        order.put("order_purchase_timestamp", LocalDateTime.of(2017, 10, 2, 10, 56, 33));
        order.put("order_delivered_customer_date", delivered);
        order.put("order_estimated_delivery_date", estimated);
        return order;
    }

    private static final LocalDateTime ESTIMATED = LocalDateTime.of(2017, 10, 18, 0, 0);

    @Test
    void filterKeepsOrdersThatAreNotCanceledAndHaveACustomer() {
        List<Map<String, Object>> orders = List.of(
                order("o1", "delivered", "c1", ESTIMATED.minusDays(3), ESTIMATED),
                order("o2", "canceled", "c2", null, ESTIMATED),
                order("o3", "", "c3", null, ESTIMATED),
                order("o4", null, "c4", null, ESTIMATED),
                order("o5", "delivered", null, ESTIMATED.minusDays(1), ESTIMATED),
                order("o6", "shipped", "c6", null, ESTIMATED),
                order("o7", "Canceled", "c7", null, ESTIMATED));

        List<Object> kept = orders.stream().filter(NOT_CANCELED::test).map(o -> o.get("order_id")).toList();

        // o4 is kept: '!=' treats null as a value, so null != 'canceled' holds (SQL would say unknown).
        // o7 is kept: string comparison is case-sensitive.
        assertThat(kept).containsExactly("o1", "o3", "o4", "o6", "o7");
        assertThat(NOT_CANCELED.fields()).containsExactly("order_status", "customer_id");
    }

    @Test
    void isLateComparesDeliveredWithEstimatedDate() {
        Map<String, Object> late = order("o1", "delivered", "c1", ESTIMATED.plusHours(1), ESTIMATED);
        Map<String, Object> early = order("o2", "delivered", "c2", ESTIMATED.minusDays(2), ESTIMATED);
        Map<String, Object> onTheDay = order("o3", "delivered", "c3", ESTIMATED, ESTIMATED);
        Map<String, Object> notDelivered = order("o4", "shipped", "c4", null, ESTIMATED);
        Map<String, Object> noEstimate = order("o5", "delivered", "c5", ESTIMATED, null);

        assertThat(IS_LATE.evaluate(late)).isEqualTo(true);
        assertThat(IS_LATE.evaluate(early)).isEqualTo(false);
        assertThat(IS_LATE.evaluate(onTheDay)).isEqualTo(false);
        assertThat(IS_LATE.evaluate(notDelivered)).isEqualTo(false);
        assertThat(IS_LATE.evaluate(noEstimate)).isEqualTo(false);
        assertThat(IS_LATE.fields()).containsExactly("order_delivered_customer_date", "order_estimated_delivery_date");
    }

    @Test
    void purchaseTimestampComparesWithADateString() {
        FieldExpression since2018 = FieldExpression.parse("order_purchase_timestamp > '2018-01-01'");
        Map<String, Object> old = order("o1", "delivered", "c1", null, ESTIMATED);
        Map<String, Object> recent = order("o2", "delivered", "c2", null, ESTIMATED);
        recent.put("order_purchase_timestamp", LocalDateTime.of(2018, 1, 1, 0, 0, 1));

        assertThat(since2018.test(old)).isFalse();
        assertThat(since2018.test(recent)).isTrue();
    }

    @Test
    void totalAddsPriceAndFreightExactly() {
        Map<String, Object> item = Map.of("price", new BigDecimal("58.90"), "freight_value", new BigDecimal("13.29"));

        assertThat(TOTAL.evaluate(item)).isEqualTo(new BigDecimal("72.19"));
    }
}
