package io.tapflow.testing.lookup;

import io.tapflow.Flow;
import io.tapflow.Lookup;
import io.tapflow.testing.lookup.ECommerceModel.ItemsKey;
import io.tapflow.testing.lookup.ECommerceModel.Table;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The seed's wide-orders flow (orders, their customer merged at the root, their items as an array, each item's
 * product nested) in a few variations, and a reference of what it must write computed in plain Java from the
 * tables' final contents only, after the documented semantics of {@link Lookup}.
 *
 * @param itemsKey       how the items table is keyed
 * @param innerCustomer  {@code inner()} on the customer lookup: an order without its customer is left out
 * @param innerItems     {@code inner()} on the items lookup: an order without items is left out
 * @param innerProduct   {@code inner()} on the nested product lookup: an item without its product is left out
 * @param byPrice        {@code arrayKeys("price")}: items ordered by price (nulls first), not by their key
 * @param preprocessed   the lookups prepare their rows: customers renamed ({@code customer_id} to {@code cid},
 *                       joined on it; {@code note} to {@code customer_note}); items filtered on {@code qty >= 2},
 *                       {@code seller_id} excluded, {@code order_id} renamed to {@code for_order} and joined on it;
 *                       products filtered on {@code category != 'books'} (a null category passes) and {@code weight}
 *                       excluded
 */
record WideOrders(ItemsKey itemsKey, boolean innerCustomer, boolean innerItems, boolean innerProduct,
                  boolean byPrice, boolean preprocessed) {

    /** The flow exactly as issue #6 writes it. */
    static final WideOrders SEED = new WideOrders(ItemsKey.BY_ORDER, false, false, false, false, false);

    /** The flow, named {@code name} (its Streams application id, hence its state directory, follows the name). */
    Flow flow(String name) {
        Lookup customers = preprocessed
                ? Lookup.relation("customer_id", "cid")
                        .renameFields(ordered("customer_id", "cid", "note", "customer_note"))
                : Lookup.relation("customer_id", "customer_id");
        Lookup items = preprocessed
                ? Lookup.array("items").relation("order_id", "for_order")
                        .filter("qty >= 2").exclude("seller_id").renameFields(Map.of("order_id", "for_order"))
                : Lookup.array("items").relation("order_id", "order_id");
        Lookup products = preprocessed
                ? Lookup.object("items.product").relation("product_id", "product_id")
                        .filter("category != 'books'").exclude("weight")
                : Lookup.object("items.product").relation("product_id", "product_id");
        if (innerCustomer) {
            customers = customers.inner();
        }
        if (innerItems) {
            items = items.inner();
        }
        if (innerProduct) {
            products = products.inner();
        }
        if (byPrice) {
            items = items.arrayKeys("price");
        }
        return Flow.named(name).readFrom("MySQL_ECommerce.ecom_orders")
                .lookup("MySQL_ECommerce.ecom_customers", customers)
                .lookup("MySQL_ECommerce.ecom_order_items", items)
                .lookup("MySQL_ECommerce.ecom_products", products)
                .writeTo("MongoDB_ECommerce.wide_orders");
    }

    /** This flow with one of its options off, for each option on (to shrink a counter-example's flow). */
    List<WideOrders> withOneOptionFewer() {
        List<WideOrders> fewer = new ArrayList<>();
        if (innerCustomer) {
            fewer.add(new WideOrders(itemsKey, false, innerItems, innerProduct, byPrice, preprocessed));
        }
        if (innerItems) {
            fewer.add(new WideOrders(itemsKey, innerCustomer, false, innerProduct, byPrice, preprocessed));
        }
        if (innerProduct) {
            fewer.add(new WideOrders(itemsKey, innerCustomer, innerItems, false, byPrice, preprocessed));
        }
        if (byPrice) {
            fewer.add(new WideOrders(itemsKey, innerCustomer, innerItems, innerProduct, false, preprocessed));
        }
        if (preprocessed) {
            fewer.add(new WideOrders(itemsKey, innerCustomer, innerItems, innerProduct, byPrice, false));
        }
        return fewer;
    }

    /** The collection the flow must leave, by document key, from the tables' final contents alone. */
    Map<Map<String, Object>, Map<String, Object>> expected(ECommerceModel tables) {
        Map<Map<String, Object>, Map<String, Object>> customers = new LinkedHashMap<>();
        for (Map<String, Object> customer : tables.rows(Table.CUSTOMERS).values()) {
            Map<String, Object> row = new LinkedHashMap<>(customer);
            if (preprocessed) {
                row = renamed(row, Map.of("customer_id", "cid", "note", "customer_note"));
            }
            customers.put(Map.of("id", row.get(preprocessed ? "cid" : "customer_id")), row);
        }
        Map<Object, Map<String, Object>> products = new LinkedHashMap<>();
        for (Map<String, Object> product : tables.rows(Table.PRODUCTS).values()) {
            if (preprocessed && "books".equals(product.get("category"))) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>(product);
            if (preprocessed) {
                row.remove("weight");
            }
            products.put(row.get("product_id"), row);
        }
        String itemJoin = preprocessed ? "for_order" : "order_id";
        List<String> itemKey = itemsKey == ItemsKey.BY_ORDER ? List.of("order_id", "order_item_id")
                : List.of("order_item_id", "seller_id");
        Map<Object, List<Item>> itemsByOrder = new LinkedHashMap<>();
        for (Map<String, Object> item : tables.rows(Table.ITEMS).values()) {
            if (preprocessed && !(item.get("qty") instanceof Integer qty && qty >= 2)) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>(item);
            if (preprocessed) {
                row.remove("seller_id");
                row = renamed(row, Map.of("order_id", "for_order"));
            }
            Object productId = row.get("product_id");
            Map<String, Object> product = productId == null ? null : products.get(productId);
            if (product != null) {
                row.put("product", product);
            } else if (innerProduct) {
                continue;
            }
            Object orderId = row.get(itemJoin);
            if (orderId == null) {
                continue; // a null join value matches nothing
            }
            List<Object> key = itemKey.stream().map(item::get).toList();
            itemsByOrder.computeIfAbsent(orderId, id -> new ArrayList<>()).add(new Item(key, row));
        }
        Comparator<Item> order = byPrice
                ? Comparator.comparing((Item i) -> (BigDecimal) i.row().get("price"),
                        Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(Item::key, WideOrders::compareKeys)
                : Comparator.comparing(Item::key, WideOrders::compareKeys);

        Map<Map<String, Object>, Map<String, Object>> expected = new LinkedHashMap<>();
        for (Map<String, Object> order1 : tables.rows(Table.ORDERS).values()) {
            Map<String, Object> doc = new LinkedHashMap<>(order1);
            Object customerId = order1.get("customer_id");
            Map<String, Object> customer = customerId == null ? null : customers.get(Map.of("id", customerId));
            if (customer != null) {
                customer.forEach((field, value) -> {
                    if (!doc.containsKey(field)) { // a field the order has keeps the order's value, even a null
                        doc.put(field, value);
                    }
                });
            } else if (innerCustomer) {
                continue;
            }
            List<Item> items = itemsByOrder.getOrDefault(order1.get("order_id"), List.of());
            if (!items.isEmpty()) {
                // The elements of a list share one schema on the wire (Lookup.object's Javadoc): beside an item
                // with a product, an item without one has product: null; with none, no item has the field.
                boolean anyProduct = items.stream().anyMatch(item -> item.row().containsKey("product"));
                List<Object> elements = new ArrayList<>();
                items.stream().sorted(order).forEach(item -> {
                    Map<String, Object> element = new LinkedHashMap<>(item.row());
                    if (anyProduct) {
                        element.putIfAbsent("product", null);
                    }
                    elements.add(element);
                });
                doc.put("items", elements);
            } else if (innerItems) {
                continue;
            }
            expected.put(Map.of("order_id", order1.get("order_id")), doc);
        }
        return expected;
    }

    private record Item(List<Object> key, Map<String, Object> row) {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(List<Object> a, List<Object> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = ((Comparable) a.get(i)).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static Map<String, Object> renamed(Map<String, Object> row, Map<String, String> renames) {
        Map<String, Object> out = new LinkedHashMap<>();
        row.forEach((name, value) -> out.put(renames.getOrDefault(name, name), value));
        return out;
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], Objects.requireNonNull(pairs[i + 1]));
        }
        return map;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add("items keyed " + itemsKey);
        if (innerCustomer) {
            parts.add("inner customer");
        }
        if (innerItems) {
            parts.add("inner items");
        }
        if (innerProduct) {
            parts.add("inner product");
        }
        if (byPrice) {
            parts.add("arrayKeys(price)");
        }
        if (preprocessed) {
            parts.add("preprocessed lookups");
        }
        return String.join(", ", parts);
    }
}
