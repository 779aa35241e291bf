package io.tapflow.testing.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.Flow;
import io.tapflow.Lookup;
import io.tapflow.testing.FlowTestDriver;
import io.tapflow.topology.event.ColumnType;
import io.tapflow.topology.event.DebeziumTable;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seed's lookups, change by change, through the real topology with no broker. */
class LookupFlowTest {

    static final String PREFIX = "tapflow.MySQL_ECommerce";
    static final DebeziumTable ORDERS = DebeziumTable.builder(PREFIX, "ECommerceData", "ecom_orders")
            .column("order_id", ColumnType.varchar()).column("customer_id", ColumnType.varchar())
            .column("order_status", ColumnType.varchar()).primaryKey("order_id").build();
    static final DebeziumTable CUSTOMERS = DebeziumTable.builder(PREFIX, "ECommerceData", "ecom_customers")
            .column("customer_id", ColumnType.varchar()).column("customer_city", ColumnType.varchar())
            .column("customer_zip", ColumnType.intType()).primaryKey("customer_id").build();
    static final DebeziumTable ITEMS = DebeziumTable.builder(PREFIX, "ECommerceData", "ecom_order_items")
            .column("order_id", ColumnType.varchar()).column("order_item_id", ColumnType.intType())
            .column("product_id", ColumnType.varchar()).column("price", ColumnType.decimal(10, 2))
            .primaryKey("order_id", "order_item_id").build();
    static final DebeziumTable PRODUCTS = DebeziumTable.builder(PREFIX, "ECommerceData", "ecom_products")
            .column("product_id", ColumnType.varchar()).column("category", ColumnType.varchar())
            .primaryKey("product_id").build();

    static final Flow WIDE = Flow.named("orders_wide")
            .readFrom("MySQL_ECommerce.ecom_orders")
            .lookup("MySQL_ECommerce.ecom_customers", Lookup.relation("customer_id", "customer_id"))
            .lookup("MySQL_ECommerce.ecom_order_items", Lookup.array("items").relation("order_id", "order_id"))
            .lookup("MySQL_ECommerce.ecom_products", Lookup.object("items.product").relation("product_id", "product_id"))
            .writeTo("MongoDB_ECommerce.wide_orders");

    static final Map<String, DebeziumTable> LOOKUPS = Map.of(
            "MySQL_ECommerce.ecom_customers", CUSTOMERS,
            "MySQL_ECommerce.ecom_order_items", ITEMS,
            "MySQL_ECommerce.ecom_products", PRODUCTS);

    @Test
    void customerFieldsMergeIntoTheOrderAndFollowCustomerUpdates() {
        try (FlowTestDriver driver = FlowTestDriver.withLookups(WIDE, ORDERS, LOOKUPS)) {
            driver.insert(CUSTOMERS, row("customer_id", "c1", "customer_city", "sao paulo", "customer_zip", 1000));
            driver.insert(ORDERS, row("order_id", "o1", "customer_id", "c1", "order_status", "delivered"));
            driver.insert(ORDERS, row("order_id", "o2", "customer_id", "c1", "order_status", "shipped"));
            driver.update(CUSTOMERS, row("customer_id", "c1", "customer_city", "sao paulo", "customer_zip", 1000),
                    row("customer_id", "c1", "customer_city", "rio", "customer_zip", null));
            Map<Map<String, Object>, Map<String, Object>> target = driver.target();
            assertThat(target.get(Map.of("order_id", "o1"))).isEqualTo(row("order_id", "o1", "customer_id", "c1",
                    "order_status", "delivered", "customer_city", "rio", "customer_zip", null));
            assertThat(target.get(Map.of("order_id", "o2"))).containsEntry("customer_city", "rio");
        }
    }

    @Test
    void itemsAndTheirProductsNestTwoLevelsAndStayFresh() {
        try (FlowTestDriver driver = FlowTestDriver.withLookups(WIDE, ORDERS, LOOKUPS)) {
            driver.insert(ITEMS, row("order_id", "o1", "order_item_id", 2, "product_id", "p2", "price", new BigDecimal("2.50")));
            driver.insert(ORDERS, row("order_id", "o1", "customer_id", "c9", "order_status", "delivered"));
            driver.insert(ITEMS, row("order_id", "o1", "order_item_id", 1, "product_id", "p1", "price", new BigDecimal("1.00")));
            driver.insert(PRODUCTS, row("product_id", "p1", "category", "toys"));
            driver.insert(PRODUCTS, row("product_id", "p2", "category", "books"));
            driver.update(PRODUCTS, row("product_id", "p2", "category", "books"), row("product_id", "p2", "category", "comics"));
            Map<String, Object> doc = driver.target().get(Map.of("order_id", "o1"));
            assertThat(doc).isEqualTo(row("order_id", "o1", "customer_id", "c9", "order_status", "delivered",
                    "items", List.of(
                            row("order_id", "o1", "order_item_id", 1, "product_id", "p1", "price", new BigDecimal("1.00"),
                                    "product", row("product_id", "p1", "category", "toys")),
                            row("order_id", "o1", "order_item_id", 2, "product_id", "p2", "price", new BigDecimal("2.50"),
                                    "product", row("product_id", "p2", "category", "comics")))));
            driver.delete(ITEMS, row("order_id", "o1", "order_item_id", 1, "product_id", "p1", "price", new BigDecimal("1.00")));
            assertThat((List<?>) driver.target().get(Map.of("order_id", "o1")).get("items")).hasSize(1);
            driver.delete(ORDERS, row("order_id", "o1", "customer_id", "c9", "order_status", "delivered"));
            assertThat(driver.target()).isEmpty();
        }
    }

    @Test
    void innerLookupKeepsOnlyOrdersWithACustomer() {
        Flow flow = Flow.named("orders_with_customer").readFrom("MySQL_ECommerce.ecom_orders")
                .lookup("MySQL_ECommerce.ecom_customers", Lookup.object("customer")
                        .relation("customer_id", "customer_id").inner())
                .writeTo("MongoDB_ECommerce.orders");
        try (FlowTestDriver driver = FlowTestDriver.withLookups(flow, ORDERS, LOOKUPS)) {
            Map<String, Object> o1 = row("order_id", "o1", "customer_id", "c1", "order_status", "delivered");
            driver.insert(ORDERS, o1);
            assertThat(driver.target()).isEmpty();
            Map<String, Object> c1 = row("customer_id", "c1", "customer_city", "rio", "customer_zip", 7);
            driver.insert(CUSTOMERS, c1);
            assertThat(driver.target()).containsOnlyKeys(Map.of("order_id", "o1"));
            assertThat(driver.target().get(Map.of("order_id", "o1")).get("customer")).isEqualTo(c1);
            driver.delete(CUSTOMERS, c1);
            assertThat(driver.target()).isEmpty();
        }
    }

    @Test
    void parentAndChildJoinValueChangesMoveTheEmbeddedRows() {
        try (FlowTestDriver driver = FlowTestDriver.withLookups(WIDE, ORDERS, LOOKUPS)) {
            driver.insert(CUSTOMERS, row("customer_id", "c1", "customer_city", "rio", "customer_zip", 1));
            driver.insert(CUSTOMERS, row("customer_id", "c2", "customer_city", "recife", "customer_zip", 2));
            Map<String, Object> o1 = row("order_id", "o1", "customer_id", "c1", "order_status", "created");
            driver.insert(ORDERS, o1).insert(ORDERS, row("order_id", "o2", "customer_id", null, "order_status", "x"));
            Map<String, Object> item = row("order_id", "o1", "order_item_id", 1, "product_id", "p1", "price",
                    new BigDecimal("3.00"));
            driver.insert(ITEMS, item);
            driver.update(ORDERS, o1, row("order_id", "o1", "customer_id", "c2", "order_status", "created"));
            // The item moves to o2: its key changes, which Debezium sends as a delete and an insert.
            driver.update(ITEMS, item, row("order_id", "o2", "order_item_id", 1, "product_id", "p1", "price",
                    new BigDecimal("3.00")));
            Map<Map<String, Object>, Map<String, Object>> target = driver.target();
            assertThat(target.get(Map.of("order_id", "o1"))).containsEntry("customer_city", "recife")
                    .doesNotContainKey("items");
            assertThat(target.get(Map.of("order_id", "o2"))).doesNotContainKey("customer_city")
                    .containsEntry("customer_id", null)
                    .containsEntry("items", List.of(row("order_id", "o2", "order_item_id", 1, "product_id", "p1",
                            "price", new BigDecimal("3.00"))));
        }
    }

    @Test
    void childStagesPrepareTheRowsAndAChildTheyFailOnGoesToTheDeadLetterTopic() {
        Flow flow = Flow.named("orders_city").readFrom("MySQL_ECommerce.ecom_orders")
                .lookup("MySQL_ECommerce.ecom_customers", Lookup.object("customer").relation("customer_id", "id")
                        .renameFields(Map.of("customer_id", "id"))
                        .exclude("customer_zip")
                        .js("function process(r) { if (r.customer_city === 'bad') throw new Error('no city');"
                                + " r.customer_city = r.customer_city.toUpperCase(); return r; }"))
                .filter("order_status != 'canceled'")
                .writeTo("MongoDB_ECommerce.orders");
        try (FlowTestDriver driver = FlowTestDriver.withLookups(flow, ORDERS, LOOKUPS)) {
            driver.insert(CUSTOMERS, row("customer_id", "c1", "customer_city", "rio", "customer_zip", 1));
            driver.insert(CUSTOMERS, row("customer_id", "c2", "customer_city", "bad", "customer_zip", 2));
            driver.insert(ORDERS, row("order_id", "o1", "customer_id", "c1", "order_status", "created"));
            driver.insert(ORDERS, row("order_id", "o2", "customer_id", "c2", "order_status", "created"));
            Map<String, Object> o3 = row("order_id", "o3", "customer_id", "c1", "order_status", "created");
            driver.insert(ORDERS, o3);
            // A stage after the lookup sees the whole row: an order that stops matching is deleted downstream.
            driver.update(ORDERS, o3, row("order_id", "o3", "customer_id", "c1", "order_status", "canceled"));
            assertThat(driver.target()).containsOnlyKeys(Map.of("order_id", "o1"), Map.of("order_id", "o2"));
            assertThat(driver.target().get(Map.of("order_id", "o1")).get("customer"))
                    .isEqualTo(row("id", "c1", "customer_city", "RIO"));
            assertThat(driver.target().get(Map.of("order_id", "o2"))).doesNotContainKey("customer");
            var deadLetters = driver.readDeadLetters();
            assertThat(deadLetters).hasSize(1);
            assertThat(deadLetters.getFirst().stage()).isEqualTo("lookup#1/js#1");
            assertThat(deadLetters.getFirst().error()).contains("no city");
        }
    }

    @Test
    void aRelationOfTwoPairsMatchesOnBoth() {
        DebeziumTable sellers = DebeziumTable.builder(PREFIX, "ECommerceData", "ecom_seller_prices")
                .column("seller", ColumnType.varchar()).column("sku", ColumnType.varchar())
                .column("list_price", ColumnType.decimal(10, 2)).primaryKey("seller", "sku").build();
        DebeziumTable lines = DebeziumTable.builder(PREFIX, "ECommerceData", "ecom_lines")
                .column("line_id", ColumnType.intType()).column("seller_id", ColumnType.varchar())
                .column("product_id", ColumnType.varchar()).primaryKey("line_id").build();
        Flow flow = Flow.named("lines_priced").readFrom("MySQL_ECommerce.ecom_lines")
                .lookup("MySQL_ECommerce.ecom_seller_prices", Lookup.object("price")
                        .relation("seller_id", "seller").and("product_id", "sku"))
                .writeTo("MongoDB_ECommerce.lines");
        try (FlowTestDriver driver = FlowTestDriver.withLookups(flow, lines,
                Map.of("MySQL_ECommerce.ecom_seller_prices", sellers))) {
            driver.insert(sellers, row("seller", "s1", "sku", "p1", "list_price", new BigDecimal("5.00")));
            driver.insert(sellers, row("seller", "s2", "sku", "p1", "list_price", new BigDecimal("7.00")));
            driver.insert(lines, row("line_id", 1, "seller_id", "s2", "product_id", "p1"));
            driver.insert(lines, row("line_id", 2, "seller_id", "s1", "product_id", "p2"));
            Map<Map<String, Object>, Map<String, Object>> target = driver.target();
            assertThat(target.get(Map.of("line_id", 1)).get("price"))
                    .isEqualTo(row("seller", "s2", "sku", "p1", "list_price", new BigDecimal("7.00")));
            assertThat(target.get(Map.of("line_id", 2))).doesNotContainKey("price");
        }
    }

    static Map<String, Object> row(Object... pairs) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            row.put((String) pairs[i], pairs[i + 1]);
        }
        return row;
    }
}
