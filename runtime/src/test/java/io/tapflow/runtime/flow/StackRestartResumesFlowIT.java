package io.tapflow.runtime.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.tapflow.DataSource;
import io.tapflow.Flow;
import io.tapflow.FlowStatus;
import io.tapflow.runtime.TapFlow;
import io.tapflow.runtime.capture.ChangeCapture;
import io.tapflow.testing.Await;
import io.tapflow.testing.mariadb.MariaDbServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole embedded stack stops and starts again over its directory: the flow, started again, resumes.
 * Changes made in MySQL while everything was down arrive, nothing is lost, and the table is not copied
 * again (its change topic holds the snapshot once, then only the changes).
 */
class StackRestartResumesFlowIT {

    private static final String PASSWORD = "restart-Pw-4410";
    private static final int ROWS = 500;

    @Test
    void changesMadeWhileTheStackWasDownArriveAndNothingIsCopiedTwice(@TempDir Path home) {
        MongoServer mongoServer = new MongoServer(new MemoryBackend());
        mongoServer.bind("127.0.0.1", 0);
        String mongoUri = "mongodb://127.0.0.1:" + mongoServer.getLocalAddress().getPort() + "/ecommerce";
        Path stack = home.resolve("stack");
        try (MariaDbServer mariadb = MariaDbServer.start(); MongoClient mongo = MongoClients.create(mongoUri)) {
            OrdersTable.create(mariadb);
            OrdersTable.insert(mariadb, 0, ROWS);
            mariadb.createUser("tapflow", PASSWORD, "SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR");
            MongoCollection<Document> orders = mongo.getDatabase("ecommerce").getCollection("orders");
            String changeTopic;

            try (TapFlow tapflow = TapFlow.embedded(stack)) {
                DataSource source = DataSource.mysql("MySQL_ECommerce").host(mariadb.host()).port(mariadb.port())
                        .database("ECommerceData").username("tapflow").password(PASSWORD).timezone("UTC").asSource()
                        .save();
                DataSource.mongodb("MongoDB_ECommerce").uri(mongoUri).asTarget().save();
                Flow.named("orders")
                        .readFrom("MySQL_ECommerce.ecom_orders")
                        .exclude("order_delivered_carrier_date", "order_delivered_customer_date")
                        .renameFields(Map.of("order_purchase_timestamp", "purchase_timestamp"))
                        .writeTo("MongoDB_ECommerce.orders")
                        .save()
                        .start();
                OrdersTable.awaitCollectionEqualsTable(mariadb, orders, "the snapshot");
                changeTopic = ChangeCapture.topicFor(source, "ecom_orders");
            }

            mariadb.execute(
                    "INSERT INTO ECommerceData.ecom_orders VALUES ('while-down', 'c-1', 'created', '2026-01-05 08:00:00',"
                            + " NULL, NULL, 2, 30.00)",
                    "UPDATE ECommerceData.ecom_orders SET order_status = 'delivered' WHERE order_id = 'o-3'",
                    "DELETE FROM ECommerceData.ecom_orders WHERE order_id = 'o-4'");

            try (TapFlow tapflow = TapFlow.embedded(stack)) {
                Flow flow = tapflow.flow("orders").orElseThrow();
                assertThat(flow.status().state()).isEqualTo(FlowStatus.State.SAVED);
                flow.start();
                assertThat(flow.status().state()).isEqualTo(FlowStatus.State.RUNNING);
                assertThat(flow.status().detail()).startsWith("resumed");
                OrdersTable.awaitCollectionEqualsTable(mariadb, orders, "the changes made while the stack was down");
                // The snapshot's rows, then an insert, an update, and a delete with its tombstone: no second copy.
                assertThat(endOffset(tapflow.bootstrapServers(), changeTopic)).isEqualTo(ROWS + 4);
            }
        } finally {
            mongoServer.shutdownNow();
        }
    }

    @Test
    void aSourceServerThatMovedToAnotherPortIsFollowedOnceItsDataSourceIsSavedAgain(@TempDir Path home) {
        MongoServer mongoServer = new MongoServer(new MemoryBackend());
        mongoServer.bind("127.0.0.1", 0);
        String mongoUri = "mongodb://127.0.0.1:" + mongoServer.getLocalAddress().getPort() + "/ecommerce";
        Path stack = home.resolve("stack");
        Path mariadbData = home.resolve("mariadb");
        try (MongoClient mongo = MongoClients.create(mongoUri)) {
            MongoCollection<Document> orders = mongo.getDatabase("ecommerce").getCollection("orders");
            int firstPort;
            try (MariaDbServer mariadb = MariaDbServer.builder().dataDir(mariadbData).start();
                 TapFlow tapflow = TapFlow.embedded(stack)) {
                firstPort = mariadb.port();
                OrdersTable.create(mariadb);
                OrdersTable.insert(mariadb, 0, 50);
                mariadb.createUser("tapflow", PASSWORD, "SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR");
                saveSource(mariadb);
                DataSource.mongodb("MongoDB_ECommerce").uri(mongoUri).asTarget().save();
                Flow.named("orders").readFrom("MySQL_ECommerce.ecom_orders").writeTo("MongoDB_ECommerce.orders")
                        .save().start();
                Await.until("the snapshot", OrdersTable.WAIT, orders::countDocuments, count -> count == 50);
            }
            try (MariaDbServer moved = MariaDbServer.builder().dataDir(mariadbData).port(freePortOtherThan(firstPort))
                    .start();
                 TapFlow tapflow = TapFlow.embedded(stack)) {
                assertThat(moved.port()).isNotEqualTo(firstPort);
                moved.execute("INSERT INTO ECommerceData.ecom_orders VALUES ('after-move', 'c-1', 'created',"
                        + " '2026-01-05 08:00:00', NULL, NULL, 1, 5.00)");
                saveSource(moved);
                tapflow.flow("orders").orElseThrow().start();
                Await.until("the row inserted on the moved server", OrdersTable.WAIT,
                        () -> orders.countDocuments(new Document("_id", "after-move")), count -> count == 1);
                assertThat(orders.countDocuments()).isEqualTo(51);
            }
        } finally {
            mongoServer.shutdownNow();
        }
    }

    private static void saveSource(MariaDbServer mariadb) {
        DataSource.mysql("MySQL_ECommerce").host(mariadb.host()).port(mariadb.port()).database("ECommerceData")
                .username("tapflow").password(PASSWORD).timezone("UTC").asSource().save();
    }

    private static int freePortOtherThan(int port) {
        for (int candidate = port + 1; ; candidate++) {
            try (java.net.ServerSocket socket = new java.net.ServerSocket(candidate, 1,
                    java.net.InetAddress.getLoopbackAddress())) {
                return candidate;
            } catch (java.io.IOException taken) {
                // try the next one
            }
        }
    }

    private static long endOffset(String bootstrapServers, String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return consumer.endOffsets(List.of(partition)).get(partition);
        }
    }
}
