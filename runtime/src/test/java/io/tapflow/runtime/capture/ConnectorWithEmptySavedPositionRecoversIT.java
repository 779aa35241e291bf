package io.tapflow.runtime.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapflow.connect.debezium.MySqlSourceConnectorConfig;
import io.tapflow.connect.rest.ConnectRestClient;
import io.tapflow.connect.rest.ConnectorOffset;
import io.tapflow.topology.event.ChangeEvent;
import io.tapflow.topology.event.Operation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Connect worker is killed in a new connector's first seconds: Debezium's first notification (snapshot
 * STARTED) has committed an empty source offset, and no row has been read yet. The connector, run again by
 * another worker, cannot start from that position ("Source offset 'file' parameter is missing"). Capturing
 * the table again, as a flow starting again would, recovers it with no user action: its offsets are
 * cleared, it snapshots the table, and then streams.
 */
class ConnectorWithEmptySavedPositionRecoversIT {

    /**
     * Connect may hold the connectors of a worker that left without a word for up to
     * {@code scheduled.rebalance.max.delay.ms} (5 minutes by default), waiting for it to come back; the
     * next worker takes them over as soon as the group has expelled the dead one.
     */
    private static final Map<String, String> TAKE_OVER_AT_ONCE = Map.of("scheduled.rebalance.max.delay.ms", "0");

    @Test
    void aConnectorLeftWithAnEmptyPositionByAWorkerCrashSnapshotsAndStreamsWhenCapturedAgain(@TempDir Path work)
            throws Exception {
        try (CaptureStack stack = CaptureStack.start(work,
                "CREATE TABLE ECommerceData.orders (order_id VARCHAR(16) PRIMARY KEY, status VARCHAR(16))",
                "INSERT INTO ECommerceData.orders VALUES ('o1', 'created'), ('o2', 'created')")) {
            String connector = MySqlSourceConnectorConfig.connectorName(stack.source().name());

            // A session holding the table write-locked keeps Debezium's snapshot waiting for its read lock
            // (up to its 10 s lock timeout), right after it sent STARTED: the window the crash must hit.
            try (Connection lock = stack.mariadb().rootConnection(); Statement statement = lock.createStatement()) {
                statement.execute("LOCK TABLES ECommerceData.orders WRITE");
                // This worker commits offsets every 200 ms, so the empty one is saved before the crash, as a
                // worker with the default minute would when the snapshot's first steps take that long.
                try (ConnectWorkerProcess doomed = stack.startConnectProcess(work,
                        Map.of("offset.flush.interval.ms", "200"));
                     ConnectRestClient connect = ConnectRestClient.of(doomed.restUrl());
                     ChangeCapture first = stack.captureBuilder(connect).snapshotTimeout(Duration.ofSeconds(2))
                             .build()) {
                    assertThatThrownBy(() -> first.capture(stack.source(), stack.server(), "orders"))
                            .isInstanceOf(ChangeCaptureException.class)
                            .hasMessageContaining("did not report the table's snapshot completed");
                    List<ConnectorOffset> saved = CaptureStack.await("the empty offset of the STARTED notification",
                            () -> connect.offsets(connector), offsets -> !offsets.isEmpty());
                    assertThat(saved).containsExactly(
                            new ConnectorOffset(Map.of("server", "tapflow." + CaptureStack.DATA_SOURCE), Map.of()));
                    doomed.kill();
                }
            }

            ChangeCapture capture = stack.startConnect(TAKE_OVER_AT_ONCE);
            assertThat(capture.capture(stack.source(), stack.server(), "orders"))
                    .isEqualTo(ChangeCapture.Outcome.RECOVERED);

            try (ChangeTopicReader orders = stack.read("orders")) {
                assertThat(orders.awaitEvents("the snapshot", events -> events.size() == 2))
                        .extracting(ChangeEvent::op).containsOnly(Operation.SNAPSHOT);
                stack.mariadb().execute(
                        "INSERT INTO ECommerceData.orders VALUES ('o3', 'created')",
                        "UPDATE ECommerceData.orders SET status = 'paid' WHERE order_id = 'o1'",
                        "DELETE FROM ECommerceData.orders WHERE order_id = 'o2'");
                List<ChangeEvent> events = orders.awaitEvents("the changes after the recovery",
                        all -> all.size() == 5);
                assertThat(events.subList(2, 5)).extracting(ChangeEvent::op)
                        .containsExactly(Operation.INSERT, Operation.UPDATE, Operation.DELETE);
                assertThat(events.get(3).after()).containsEntry("status", "paid");
            }
        }
    }
}
