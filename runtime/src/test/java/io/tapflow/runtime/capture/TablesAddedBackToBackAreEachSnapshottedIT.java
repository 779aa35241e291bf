package io.tapflow.runtime.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.topology.event.ChangeEvent;
import io.tapflow.topology.event.Operation;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two tables of one data source captured back to back, with nothing in between: the second config change
 * restarts the connector's task, yet each table's existing rows arrive exactly once, and no table captured
 * before is read again.
 */
class TablesAddedBackToBackAreEachSnapshottedIT {

    @Test
    void bothTablesAreSnapshottedOnceAndTheFirstIsNotReadAgain(@TempDir Path work) {
        try (CaptureStack stack = CaptureStack.start(work,
                "CREATE TABLE ECommerceData.orders (order_id VARCHAR(16) PRIMARY KEY, status VARCHAR(16))",
                "INSERT INTO ECommerceData.orders VALUES ('o1', 'created'), ('o2', 'created')",
                "CREATE TABLE ECommerceData.customers (customer_id INT PRIMARY KEY, name VARCHAR(32))",
                "INSERT INTO ECommerceData.customers VALUES (1, 'Ada'), (2, 'Grace')",
                "CREATE TABLE ECommerceData.products (sku VARCHAR(16) PRIMARY KEY, title VARCHAR(32))",
                "INSERT INTO ECommerceData.products VALUES ('p1', 'Lamp'), ('p2', 'Desk'), ('p3', 'Chair')")) {
            ChangeCapture capture = stack.startConnect();
            assertThat(capture.capture(stack.source(), stack.server(), "orders")).isEqualTo(ChangeCapture.Outcome.STARTED);

            long begin = System.nanoTime();
            assertThat(capture.capture(stack.source(), stack.server(), "customers")).isEqualTo(ChangeCapture.Outcome.ADDED);
            assertThat(capture.capture(stack.source(), stack.server(), "products")).isEqualTo(ChangeCapture.Outcome.ADDED);
            System.out.printf("two tables added back to back, both snapshotted, in %d ms%n",
                    (System.nanoTime() - begin) / 1_000_000);
            assertThat(capture.capturedTables(stack.source())).containsExactly("customers", "orders", "products");

            try (ChangeTopicReader orders = stack.read("orders");
                 ChangeTopicReader customers = stack.read("customers");
                 ChangeTopicReader products = stack.read("products")) {
                // Marker changes last: once each arrives, every snapshot record before it has too.
                stack.mariadb().execute(
                        "UPDATE ECommerceData.orders SET status = 'paid' WHERE order_id = 'o1'",
                        "UPDATE ECommerceData.customers SET name = 'Ada L.' WHERE customer_id = 1",
                        "UPDATE ECommerceData.products SET title = 'Floor lamp' WHERE sku = 'p1'");
                orders.awaitEvents("the orders marker", events -> events.stream().anyMatch(event -> event.op() == Operation.UPDATE));
                customers.awaitEvents("the customers marker", events -> events.stream().anyMatch(event -> event.op() == Operation.UPDATE));
                products.awaitEvents("the products marker", events -> events.stream().anyMatch(event -> event.op() == Operation.UPDATE));

                assertThat(orders.events()).hasSize(3);
                assertThat(orders.opsFor(Map.of("order_id", "o1"))).isEqualTo(Map.of(Operation.SNAPSHOT, 1L, Operation.UPDATE, 1L));
                assertThat(orders.opsFor(Map.of("order_id", "o2"))).isEqualTo(Map.of(Operation.SNAPSHOT, 1L));

                assertThat(customers.events()).hasSize(3);
                assertThat(customers.events().subList(0, 2)).extracting(ChangeEvent::op).containsOnly(Operation.SNAPSHOT);
                assertThat(customers.opsFor(Map.of("customer_id", 1))).isEqualTo(Map.of(Operation.SNAPSHOT, 1L, Operation.UPDATE, 1L));
                assertThat(customers.opsFor(Map.of("customer_id", 2))).isEqualTo(Map.of(Operation.SNAPSHOT, 1L));

                assertThat(products.events()).hasSize(4);
                assertThat(products.events().subList(0, 3)).extracting(event -> event.after().get("title"))
                        .containsExactlyInAnyOrder("Lamp", "Desk", "Chair");
                assertThat(products.opsFor(Map.of("sku", "p1"))).isEqualTo(Map.of(Operation.SNAPSHOT, 1L, Operation.UPDATE, 1L));
                assertThat(products.opsFor(Map.of("sku", "p3"))).isEqualTo(Map.of(Operation.SNAPSHOT, 1L));
            }
        }
    }
}
