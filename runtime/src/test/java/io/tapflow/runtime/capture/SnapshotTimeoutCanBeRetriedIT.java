package io.tapflow.runtime.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapflow.topology.event.ChangeEvent;
import io.tapflow.topology.event.Operation;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table whose snapshot does not complete in time is taken out of the connector again, so a second
 * capture of it snapshots it instead of reporting it captured already.
 */
class SnapshotTimeoutCanBeRetriedIT {

    @Test
    void aTimedOutSnapshotIsRetriedByCapturingAgain(@TempDir Path work) {
        try (CaptureStack stack = CaptureStack.start(work,
                "CREATE TABLE ECommerceData.orders (order_id VARCHAR(16) PRIMARY KEY, status VARCHAR(16))",
                "INSERT INTO ECommerceData.orders VALUES ('o1', 'created')",
                "CREATE TABLE ECommerceData.customers (customer_id INT PRIMARY KEY, name VARCHAR(32))",
                "INSERT INTO ECommerceData.customers VALUES (1, 'Ada'), (2, 'Grace')")) {
            ChangeCapture capture = stack.startConnect();
            assertThat(capture.capture(stack.source(), stack.server(), "orders")).isEqualTo(ChangeCapture.Outcome.STARTED);

            try (ChangeCapture impatient = stack.captureBuilder().snapshotTimeout(Duration.ofMillis(1)).build()) {
                assertThatThrownBy(() -> impatient.capture(stack.source(), stack.server(), "customers"))
                        .isInstanceOf(ChangeCaptureException.class)
                        .hasMessageContaining("capturing it again retries its snapshot");
            }
            assertThat(capture.capturedTables(stack.source())).containsExactly("orders");

            assertThat(capture.capture(stack.source(), stack.server(), "customers")).isEqualTo(ChangeCapture.Outcome.ADDED);
            try (ChangeTopicReader customers = stack.read("customers")) {
                // The timed-out attempt may have read the table once already; the retry reads it again.
                assertThat(customers.awaitEvents("the customers snapshot", events -> events.size() >= 2))
                        .extracting(ChangeEvent::op).containsOnly(Operation.SNAPSHOT);
            }
        }
    }
}
