package io.tapflow.testing.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.testing.lookup.ECommerceModel.ItemsKey;
import io.tapflow.testing.lookup.ECommerceModel.Op;
import io.tapflow.testing.lookup.ECommerceModel.OpKind;
import io.tapflow.testing.lookup.ECommerceModel.Table;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Counter-examples {@link LookupPropertiesTest} found, shrunk, written out change by change, each on a driver of its
 * own, against the same reference.
 */
class LookupCounterExamplesTest {

    /**
     * Found by {@code theSeedFlowLeavesTheReferenceCollection}, now the documented behaviour ({@link
     * io.tapflow.Lookup#object}): the elements of a list share one schema on the wire, so an item without a product
     * has {@code product: null} when another item of the same order has a product, and no {@code product} field
     * when none has.
     */
    @Test
    void anItemWithoutProductHasANullProductBesideAnItemWithOneAndNoFieldAlone() {
        Op order1 = insert(Table.ORDERS, "order_id", "o1", "customer_id", "c1", "order_status", "delivered",
                "order_date", LocalDate.of(2017, 10, 2), "note", "gift");
        Op order2 = insert(Table.ORDERS, "order_id", "o2", "customer_id", "c1", "order_status", "delivered",
                "order_date", LocalDate.of(2017, 10, 2), "note", "gift");
        Op withProduct = insert(Table.ITEMS, "order_id", "o1", "order_item_id", 1, "seller_id", "s1",
                "product_id", "p1", "price", new BigDecimal("2.50"), "qty", 2);
        Op withoutProduct = insert(Table.ITEMS, "order_id", "o1", "order_item_id", 2, "seller_id", "s1",
                "product_id", "p2", "price", new BigDecimal("2.50"), "qty", 2);
        Op alone = insert(Table.ITEMS, "order_id", "o2", "order_item_id", 1, "seller_id", "s1",
                "product_id", "p2", "price", new BigDecimal("2.50"), "qty", 2);
        Op product = insert(Table.PRODUCTS, "product_id", "p1", "category", "toys", "weight",
                new BigDecimal("0.500"), "launched", LocalDate.of(2016, 5, 1));
        Map<Map<String, Object>, Map<String, Object>> collection =
                check(WideOrders.SEED, order1, order2, withProduct, withoutProduct, alone, product);

        List<Map<String, Object>> items = items(collection, "o1");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("product")).isEqualTo(product.after());
        assertThat(items.get(1)).containsEntry("product", null);
        assertThat(items(collection, "o2")).singleElement().satisfies(item -> assertThat(item).doesNotContainKey("product"));
    }

    /**
     * Found by {@code arrayKeysOrderTheItemsByANonKeyField} (with item numbers up to 10): items with the same price
     * came in the order of their source key's bytes, so item 10 came before item 1 (the JSON key
     * {@code {"order_id":"o1","order_item_id":10}} sorts before {@code ...:1}}). Ties follow the primary key's
     * values, the order without {@code arrayKeys}, whatever the wire format.
     */
    @Test
    void itemsThatTieUnderArrayKeysFollowTheirKeyValuesNotTheKeyBytes() {
        Map<Map<String, Object>, Map<String, Object>> collection =
                check(new WideOrders(ItemsKey.BY_ORDER, false, false, false, true, false),
                        insert(Table.ORDERS, "order_id", "o1", "customer_id", "c1", "order_status", "delivered",
                                "order_date", LocalDate.of(2017, 10, 2), "note", "gift"),
                        insert(Table.ITEMS, "order_id", "o1", "order_item_id", 10, "seller_id", "s1",
                                "product_id", "p1", "price", new BigDecimal("1.00"), "qty", 2),
                        insert(Table.ITEMS, "order_id", "o1", "order_item_id", 1, "seller_id", "s1",
                                "product_id", "p1", "price", new BigDecimal("1.00"), "qty", 2));
        assertThat(items(collection, "o1")).extracting(item -> item.get("order_item_id")).containsExactly(1, 10);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Map<Map<String, Object>, Map<String, Object>> collection,
                                                   String orderId) {
        return (List<Map<String, Object>>) collection.get(Map.of("order_id", orderId)).get("items");
    }

    /** The collection the flow leaves after the changes, on a driver of its own, checked against the reference. */
    private static Map<Map<String, Object>, Map<String, Object>> check(WideOrders flow, Op... ops) {
        List<Op> changes = List.of(ops);
        Map<Map<String, Object>, Map<String, Object>> collection = FlowRuns.fresh(flow, changes);
        LookupPropertiesTest.assertSame("collection vs reference",
                flow.expected(ECommerceModel.after(flow.itemsKey(), changes)), collection,
                flow + "\nchanges:\n" + LookupPropertiesTest.lines(changes));
        return collection;
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
