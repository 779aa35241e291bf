package io.tapflow.testing;

import static io.tapflow.testing.Orders.cleaned;
import static io.tapflow.testing.Orders.key;
import static io.tapflow.testing.Orders.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.Flow;
import io.tapflow.PrimaryKey;
import io.tapflow.topology.DeadLetterHeaders;
import io.tapflow.topology.event.ColumnType;
import io.tapflow.topology.event.DebeziumTable;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example flow, change by change, through the real topology with no broker. */
class FlowTestDriverTest {

    @Test
    void snapshotAndInsertBecomeUpsertsOfTheWholeTransformedRow() {
        try (FlowTestDriver driver = FlowTestDriver.of(Orders.CLEAN, Orders.TABLE)) {
            Map<String, Object> o1 = order("o1", "c1", "delivered");
            Map<String, Object> o2 = order("o2", "c2", "shipped", LocalDateTime.of(2018, 2, 1, 0, 0),
                    LocalDateTime.of(2018, 1, 20, 0, 0));
            driver.snapshot(o1).insert(o2);
            assertThat(driver.readOutput()).containsExactly(
                    new FlowOutput(key("o1"), cleaned(o1)),
                    new FlowOutput(key("o2"), cleaned(o2)));
        }
    }

    @Test
    void outputKeepsFieldOrderAndDropsExcludedFields() {
        try (FlowTestDriver driver = FlowTestDriver.of(Orders.CLEAN, Orders.TABLE)) {
            driver.insert(order("o1", "c1", "delivered"));
            Map<String, Object> doc = driver.readOutput().getFirst().document();
            assertThat(doc.keySet()).containsExactly("order_id", "customer_id", "order_status", "purchase_timestamp",
                    "order_approved_at", "order_estimated_delivery_date", "is_late");
            assertThat(doc.get("purchase_timestamp")).isEqualTo(LocalDateTime.of(2018, 1, 2, 10, 56, 33));
            assertThat(doc.get("is_late")).isEqualTo(false);
        }
    }

    @Test
    void updateReplacesTheDocument() {
        try (FlowTestDriver driver = FlowTestDriver.of(Orders.CLEAN, Orders.TABLE)) {
            Map<String, Object> before = order("o1", "c1", "shipped");
            Map<String, Object> after = order("o1", "c1", "delivered");
            driver.insert(before).update(before, after);
            assertThat(driver.target()).containsExactly(Map.entry(key("o1"), cleaned(after)));
        }
    }

    @Test
    void deleteBecomesADeleteAndItsTombstoneIsIgnored() {
        try (FlowTestDriver driver = FlowTestDriver.of(Orders.CLEAN, Orders.TABLE)) {
            Map<String, Object> o1 = order("o1", "c1", "delivered");
            driver.insert(o1);
            driver.readOutput();
            driver.delete(o1);
            assertThat(driver.readOutput()).containsExactly(new FlowOutput(key("o1"), null));
            assertThat(driver.target()).isEmpty();
        }
    }

    @Test
    void primaryKeyChangeDeletesTheOldKeyAndUpsertsTheNewOne() {
        try (FlowTestDriver driver = FlowTestDriver.of(Orders.CLEAN, Orders.TABLE)) {
            Map<String, Object> before = order("o1", "c1", "delivered");
            Map<String, Object> after = order("o9", "c1", "delivered");
            driver.insert(before);
            driver.readOutput();
            driver.update(before, after);
            assertThat(driver.readOutput()).containsExactly(
                    new FlowOutput(key("o1"), null),
                    new FlowOutput(key("o9"), cleaned(after)));
            assertThat(driver.target()).containsOnlyKeys(key("o9"));
        }
    }

    @Test
    void filteredRowsAreNotWrittenAndAnUpdateThatStopsMatchingDeletes() {
        try (FlowTestDriver driver = FlowTestDriver.of(Orders.CLEAN, Orders.TABLE)) {
            Map<String, Object> canceled = order("o1", "c1", "canceled");
            Map<String, Object> noCustomer = order("o2", null, "delivered");
            Map<String, Object> shipped = order("o3", "c3", "shipped");
            driver.insert(canceled).insert(noCustomer).insert(shipped);
            assertThat(driver.readOutput()).extracting(FlowOutput::key).containsExactly(key("o3"));
            driver.update(shipped, order("o3", "c3", "canceled"));
            assertThat(driver.readOutput()).containsExactly(new FlowOutput(key("o3"), null));
            assertThat(driver.target()).isEmpty();
        }
    }

    @Test
    void nullColumnsStayNull() {
        try (FlowTestDriver driver = FlowTestDriver.of(Orders.CLEAN, Orders.TABLE)) {
            driver.insert(order("o1", "c1", "created", null, null));
            Map<String, Object> doc = driver.readOutput().getFirst().document();
            assertThat(doc).containsEntry("order_approved_at", null).containsEntry("is_late", false);
        }
    }

    @Test
    void undecodableEventGoesToTheDeadLetterTopicAndTheNextOneFlows() {
        try (FlowTestDriver driver = FlowTestDriver.of(Orders.CLEAN, Orders.TABLE)) {
            driver.pipeJson("{\"order_id\":\"bad\"}", "this is not a change event");
            driver.insert(order("o1", "c1", "delivered"));
            List<DeadLetter> dead = driver.readDeadLetters();
            assertThat(dead).hasSize(1);
            assertThat(dead.getFirst().stage()).isEqualTo("read:ecom_orders");
            assertThat(dead.getFirst().headers()).containsEntry(DeadLetterHeaders.FLOW, "orders_clean")
                    .containsEntry(DeadLetterHeaders.SOURCE_TOPIC, Orders.TABLE.topic())
                    .containsEntry(DeadLetterHeaders.SOURCE_PARTITION, "0")
                    .containsEntry(DeadLetterHeaders.SOURCE_OFFSET, "0");
            assertThat(new String(dead.getFirst().value(), StandardCharsets.UTF_8)).isEqualTo("this is not a change event");
            assertThat(driver.readOutput()).extracting(FlowOutput::key).containsExactly(key("o1"));
        }
    }

    @Test
    void rowAnExpressionCannotEvaluateGoesToTheDeadLetterTopicWithTheStageName() {
        Flow flow = Flow.named("typed").readFrom("MySQL_ECommerce.ecom_orders")
                .filter("order_status > 5").as("status_over_five")
                .writeTo("MongoDB_ECommerce.orders");
        try (FlowTestDriver driver = FlowTestDriver.of(flow, Orders.TABLE)) {
            driver.insert(order("o1", "c1", "delivered"));
            List<DeadLetter> dead = driver.readDeadLetters();
            assertThat(dead).singleElement().satisfies(letter -> {
                assertThat(letter.stage()).isEqualTo("status_over_five");
                assertThat(letter.error()).contains("delivered").contains("order_status > 5");
            });
            assertThat(driver.readOutput()).isEmpty();
        }
    }

    @Test
    void renameOntoAFieldTheRowAlreadyHasIsRefusedNotOverwritten() {
        Flow flow = Flow.named("clash").readFrom("MySQL_ECommerce.ecom_orders")
                .renameFields(Map.of("order_status", "customer_id"))
                .writeTo("MongoDB_ECommerce.orders");
        try (FlowTestDriver driver = FlowTestDriver.of(flow, Orders.TABLE)) {
            driver.insert(order("o1", "c1", "delivered"));
            assertThat(driver.readDeadLetters()).singleElement()
                    .satisfies(letter -> assertThat(letter.error()).contains("already has a field 'customer_id'"));
        }
    }

    @Test
    void aRowWithAFieldNameMongoDbRefusesGoesToTheDeadLetterTopicAloneAndTheNextOneFlows() {
        DebeziumTable products = DebeziumTable.builder("tapflow.MySQL_ECommerce", "ECommerceData", "ecom_products")
                .column("product_id", ColumnType.varchar())
                .column("attributes", ColumnType.json())
                .primaryKey("product_id")
                .build();
        Flow flow = Flow.named("products").readFrom("MySQL_ECommerce.ecom_products")
                .writeTo("MongoDB_ECommerce.products");
        try (FlowTestDriver driver = FlowTestDriver.of(flow, products)) {
            driver.insert(Map.of("product_id", "p1", "attributes", "{\"size\": {\"$gt\": 3}}"))
                    .insert(Map.of("product_id", "p2", "attributes", "{\"size\": 4}"));
            assertThat(driver.readDeadLetters()).singleElement().satisfies(letter -> {
                assertThat(letter.stage()).isEqualTo("write:products");
                assertThat(letter.error()).contains("field 'attributes.size.$gt' starts with '$'").contains("Fix:");
            });
            assertThat(driver.target()).containsOnlyKeys(Map.of("product_id", "p2"));
        }
    }

    @Test
    void aTargetKeyedByChosenFieldsMovesARowWhoseKeyValueChangesAndDeletesByIt() {
        Flow flow = Flow.named("by_customer").readFrom("MySQL_ECommerce.ecom_orders")
                .renameFields(Map.of("customer_id", "buyer"))
                .include("order_id", "buyer", "order_status")
                .writeTo("MongoDB_ECommerce.latest_order", PrimaryKey.of("buyer"));
        try (FlowTestDriver driver = FlowTestDriver.of(flow, Orders.TABLE)) {
            Map<String, Object> first = order("o1", "c1", "created");
            Map<String, Object> moved = order("o1", "c2", "created");
            driver.insert(first).insert(order("o2", "c3", "shipped")).update(first, moved);
            assertThat(driver.target()).containsOnlyKeys(Map.of("buyer", "c2"), Map.of("buyer", "c3"));
            assertThat(driver.target().get(Map.of("buyer", "c2"))).containsEntry("order_id", "o1");

            driver.delete(order("o2", "c3", "shipped"));
            assertThat(driver.target()).containsOnlyKeys(Map.of("buyer", "c2"));
        }
    }

    @Test
    void includeKeepsOnlyTheListedFieldsInRowOrder() {
        Flow flow = Flow.named("slim").readFrom("MySQL_ECommerce.ecom_orders")
                .include("order_status", "order_id")
                .writeTo("MongoDB_ECommerce.orders");
        try (FlowTestDriver driver = FlowTestDriver.of(flow, Orders.TABLE)) {
            driver.insert(order("o1", "c1", "delivered"));
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("order_id", "o1");
            expected.put("order_status", "delivered");
            assertThat(driver.readOutput()).containsExactly(new FlowOutput(key("o1"), expected));
        }
    }

    @Test
    void addFieldsComputesFromTheIncomingRow() {
        Flow flow = Flow.named("computed").readFrom("MySQL_ECommerce.ecom_orders")
                .include("order_id", "order_status")
                .addFields(Map.of("is_delivered", "order_status = 'delivered'", "status_known", "order_status is not null"))
                .writeTo("MongoDB_ECommerce.orders");
        try (FlowTestDriver driver = FlowTestDriver.of(flow, Orders.TABLE)) {
            driver.insert(order("o1", "c1", "delivered")).insert(order("o2", "c1", null));
            assertThat(driver.target().values()).extracting(doc -> doc.get("is_delivered"), doc -> doc.get("status_known"))
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(true, true),
                            org.assertj.core.groups.Tuple.tuple(false, false));
        }
    }
}
