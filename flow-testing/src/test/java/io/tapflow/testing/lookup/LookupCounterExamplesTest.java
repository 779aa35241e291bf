package io.tapflow.testing.lookup;

import io.tapflow.testing.lookup.ECommerceModel.ItemsKey;
import io.tapflow.testing.lookup.ECommerceModel.Op;
import io.tapflow.testing.lookup.ECommerceModel.OpKind;
import io.tapflow.testing.lookup.ECommerceModel.Table;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Counter-examples {@link LookupPropertiesTest} found, shrunk, written out change by change, each on a driver of its
 * own, against the same reference.
 */
class LookupCounterExamplesTest {

    /**
     * Found by {@code theSeedFlowLeavesTheReferenceCollection}: an item without a product gets {@code product: null}
     * instead of no {@code product} field, but only when another item of the same order has a product. The output
     * gives a list's elements one struct schema (the union of their fields), and a Connect struct cannot tell an
     * absent field from a null one. Alone in its order the same item has no {@code product} field.
     */
    @Test
    @Disabled("bug: an item without a product gets product=null when a sibling item has a product (absent otherwise)")
    void anItemWithoutProductHasNoProductFieldEvenBesideAnItemWithOne() {
        check(WideOrders.SEED,
                insert(Table.ORDERS, "order_id", "o1", "customer_id", "c1", "order_status", "delivered",
                        "order_date", LocalDate.of(2017, 10, 2), "note", "gift"),
                insert(Table.ITEMS, "order_id", "o1", "order_item_id", 1, "seller_id", "s1", "product_id", "p1",
                        "price", new BigDecimal("2.50"), "qty", 2),
                insert(Table.ITEMS, "order_id", "o1", "order_item_id", 2, "seller_id", "s1", "product_id", "p2",
                        "price", new BigDecimal("2.50"), "qty", 2),
                insert(Table.PRODUCTS, "product_id", "p1", "category", "toys", "weight", new BigDecimal("0.500"),
                        "launched", LocalDate.of(2016, 5, 1)));
    }

    /**
     * Found by {@code arrayKeysOrderTheItemsByANonKeyField} (with item numbers up to 10): items with the same price
     * come in the order of their source key's bytes, so item 10 comes before item 1 (the JSON key
     * {@code {"order_id":"o1","order_item_id":10}} sorts before {@code ...:1}}). Ties should follow the primary key's
     * values, the order without {@code arrayKeys}; as it is, the order of equal elements also depends on the wire
     * format (Avro keys have other bytes).
     */
    @Test
    @Disabled("bug: items that tie under arrayKeys are ordered by their key's bytes (item 10 before item 1)")
    void itemsThatTieUnderArrayKeysFollowTheirKeyValuesNotTheKeyBytes() {
        check(new WideOrders(ItemsKey.BY_ORDER, false, false, false, true, false),
                insert(Table.ORDERS, "order_id", "o1", "customer_id", "c1", "order_status", "delivered",
                        "order_date", LocalDate.of(2017, 10, 2), "note", "gift"),
                insert(Table.ITEMS, "order_id", "o1", "order_item_id", 10, "seller_id", "s1", "product_id", "p1",
                        "price", new BigDecimal("1.00"), "qty", 2),
                insert(Table.ITEMS, "order_id", "o1", "order_item_id", 1, "seller_id", "s1", "product_id", "p1",
                        "price", new BigDecimal("1.00"), "qty", 2));
    }

    private static void check(WideOrders flow, Op... ops) {
        List<Op> changes = List.of(ops);
        LookupPropertiesTest.assertSame("collection vs reference",
                flow.expected(ECommerceModel.after(flow.itemsKey(), changes)), FlowRuns.fresh(flow, changes),
                flow + "\nchanges:\n" + LookupPropertiesTest.lines(changes));
    }

    static Op insert(Table table, Object... pairs) {
        return new Op(table, OpKind.INSERT, null, row(pairs));
    }

    static Op update(Table table, Map<String, Object> before, Object... changed) {
        Map<String, Object> after = new LinkedHashMap<>(before);
        after.putAll(row(changed));
        return new Op(table, OpKind.UPDATE, before, after);
    }

    static Op delete(Table table, Map<String, Object> before) {
        return new Op(table, OpKind.DELETE, before, null);
    }

    static Map<String, Object> row(Object... pairs) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            row.put((String) pairs[i], pairs[i + 1]);
        }
        return row;
    }
}
