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
 * Connect stops mid-stream and the database changes while it is down: a new worker of the same Connect
 * cluster resumes the connector where it stopped, every change arrives, and no row is snapshotted again.
 */
class ConnectRestartLosesNothingIT {

    @Test
    void changesMadeWhileConnectIsDownArriveAndNothingIsSnapshottedAgain(@TempDir Path work) {
        try (CaptureStack stack = CaptureStack.start(work,
                "CREATE TABLE ECommerceData.orders (order_id VARCHAR(16) PRIMARY KEY, status VARCHAR(16))",
                "INSERT INTO ECommerceData.orders VALUES ('o1', 'created'), ('o2', 'created')",
                "CREATE TABLE ECommerceData.customers (customer_id INT PRIMARY KEY, name VARCHAR(32))",
                "INSERT INTO ECommerceData.customers VALUES (1, 'Ada')")) {
            ChangeCapture capture = stack.startConnect();
            assertThat(capture.capture(stack.source(), stack.server(), "orders")).isEqualTo(ChangeCapture.Outcome.STARTED);
            try (ChangeTopicReader orders = stack.read("orders");
                 ChangeTopicReader customers = stack.read("customers")) {
                orders.awaitEvents("the snapshot", events -> events.size() == 2);
                stack.mariadb().execute("UPDATE ECommerceData.orders SET status = 'paid' WHERE order_id = 'o1'");
                orders.awaitEvents("a change streamed before the restart", events -> events.size() == 3);
                // A table added later, snapshotted on a signal: the restarted connector must not act on it again.
                assertThat(capture.capture(stack.source(), stack.server(), "customers"))
                        .isEqualTo(ChangeCapture.Outcome.ADDED);
                customers.awaitEvents("the customers snapshot", events -> events.size() == 1);

                stack.stopConnect();
                stack.mariadb().execute(
                        "INSERT INTO ECommerceData.orders VALUES ('o3', 'created')",
                        "UPDATE ECommerceData.orders SET status = 'shipped' WHERE order_id = 'o1'",
                        "DELETE FROM ECommerceData.orders WHERE order_id = 'o2'");

                long begin = System.nanoTime();
                capture = stack.startConnect();
                assertThat(capture.capture(stack.source(), stack.server(), "orders"))
                        .isEqualTo(ChangeCapture.Outcome.ALREADY_CAPTURED);
                // Debezium delivers at least once: a change streamed before the restart may come again. What must
                // not happen is a change lost, or a table read again (a snapshot record).
                List<ChangeEvent> events = orders.awaitEvents("the changes made while Connect was down",
                        all -> has(all, Operation.INSERT, "o3", "created") && has(all, Operation.UPDATE, "o1", "shipped")
                                && all.stream().anyMatch(event -> event.op() == Operation.DELETE
                                        && event.key().equals(Map.of("order_id", "o2"))));
                System.out.printf("changes made while Connect was down arrived %d ms after the restart%n",
                        (System.nanoTime() - begin) / 1_000_000);
                assertThat(events.subList(0, 2)).extracting(ChangeEvent::op).containsOnly(Operation.SNAPSHOT);
                // A marker change after the restart: once it arrives, anything snapshotted again would have too.
                stack.mariadb().execute(
                        "UPDATE ECommerceData.customers SET name = 'Ada L.' WHERE customer_id = 1",
                        "UPDATE ECommerceData.orders SET status = 'delivered' WHERE order_id = 'o3'");
                events = orders.awaitEvents("a change made after the restart",
                        all -> has(all, Operation.UPDATE, "o3", "delivered"));
                List<ChangeEvent> customerEvents = customers.awaitEvents("the customers change",
                        all -> all.stream().anyMatch(event -> event.op() == Operation.UPDATE));
                assertThat(customerEvents).filteredOn(event -> event.op() == Operation.SNAPSHOT).hasSize(1);
                assertThat(events.subList(2, events.size())).extracting(ChangeEvent::op).doesNotContain(Operation.SNAPSHOT);
                assertThat(orders.opsFor(Map.of("order_id", "o1"))).containsEntry(Operation.SNAPSHOT, 1L);
            }
        }
    }

    private static boolean has(List<ChangeEvent> events, Operation op, String orderId, String status) {
        return events.stream().anyMatch(event -> event.op() == op && event.after() != null
                && orderId.equals(event.after().get("order_id")) && status.equals(event.after().get("status")));
    }
}
