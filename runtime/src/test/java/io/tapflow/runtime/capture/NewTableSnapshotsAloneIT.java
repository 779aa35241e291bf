package io.tapflow.runtime.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.topology.event.ChangeEvent;
import io.tapflow.topology.event.Operation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second flow on a new table of the same data source: the one connector captures that table too, its
 * existing rows arrive as a snapshot, and the table captured before is not read again.
 */
class NewTableSnapshotsAloneIT {

    @Test
    void aNewTableOfTheSameSourceIsSnapshottedAlone(@TempDir Path work) {
        try (CaptureStack stack = CaptureStack.start(work,
                "CREATE TABLE ECommerceData.orders (order_id VARCHAR(16) PRIMARY KEY, status VARCHAR(16))",
                "INSERT INTO ECommerceData.orders VALUES ('o1', 'created'), ('o2', 'created'), ('o3', 'created')",
                "CREATE TABLE ECommerceData.customers (customer_id INT PRIMARY KEY, name VARCHAR(32))",
                "INSERT INTO ECommerceData.customers VALUES (1, 'Ada'), (2, 'Grace')")) {
            ChangeCapture capture = stack.startConnect();

            long begin = System.nanoTime();
            assertThat(capture.capture(stack.source(), stack.server(), "orders")).isEqualTo(ChangeCapture.Outcome.STARTED);
            assertThat(capture.capturedTables(stack.source())).containsExactly("orders");
            try (ChangeTopicReader orders = stack.read("orders");
                 ChangeTopicReader customers = stack.read("customers")) {
                orders.awaitEvents("the orders snapshot", events -> events.size() == 3);
                System.out.printf("orders snapshot after %d ms%n", (System.nanoTime() - begin) / 1_000_000);
                stack.mariadb().execute(
                        "UPDATE ECommerceData.orders SET status = 'paid' WHERE order_id = 'o1'",
                        "INSERT INTO ECommerceData.orders VALUES ('o4', 'created')");
                orders.awaitEvents("the orders changes", events -> events.size() == 5);

                begin = System.nanoTime();
                assertThat(capture.capture(stack.source(), stack.server(), "customers"))
                        .isEqualTo(ChangeCapture.Outcome.ADDED);
                assertThat(capture.capturedTables(stack.source())).containsExactly("customers", "orders");
                List<ChangeEvent> snapshot = customers.awaitEvents("the customers snapshot", events -> events.size() == 2);
                System.out.printf("customers snapshot after %d ms%n", (System.nanoTime() - begin) / 1_000_000);
                assertThat(snapshot).extracting(ChangeEvent::op).containsOnly(Operation.SNAPSHOT);
                assertThat(snapshot).extracting(event -> event.after().get("name")).containsExactlyInAnyOrder("Ada", "Grace");

                // Both tables keep streaming; a marker change last shows orders has caught up.
                stack.mariadb().execute(
                        "UPDATE ECommerceData.customers SET name = 'Ada L.' WHERE customer_id = 1",
                        "INSERT INTO ECommerceData.customers VALUES (3, 'Edsger')",
                        "UPDATE ECommerceData.orders SET status = 'shipped' WHERE order_id = 'o2'");
                customers.awaitEvents("the customers changes", events -> events.size() == 4);
                orders.awaitEvents("the last orders change", events -> events.size() >= 6);
                assertThat(capture.capture(stack.source(), stack.server(), "orders"))
                        .isEqualTo(ChangeCapture.Outcome.ALREADY_CAPTURED);

                assertThat(orders.opsFor(Map.of("order_id", "o1")))
                        .isEqualTo(Map.of(Operation.SNAPSHOT, 1L, Operation.UPDATE, 1L));
                assertThat(orders.opsFor(Map.of("order_id", "o2")))
                        .isEqualTo(Map.of(Operation.SNAPSHOT, 1L, Operation.UPDATE, 1L));
                assertThat(orders.opsFor(Map.of("order_id", "o3"))).isEqualTo(Map.of(Operation.SNAPSHOT, 1L));
                assertThat(orders.opsFor(Map.of("order_id", "o4"))).isEqualTo(Map.of(Operation.INSERT, 1L));
                assertThat(orders.events()).hasSize(6);
                assertThat(customers.opsFor(Map.of("customer_id", 1)))
                        .isEqualTo(Map.of(Operation.SNAPSHOT, 1L, Operation.UPDATE, 1L));
                assertThat(customers.opsFor(Map.of("customer_id", 3))).isEqualTo(Map.of(Operation.INSERT, 1L));
            }
        }
    }
}
