package io.tapflow.runtime.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.tapflow.DataSource;
import io.tapflow.Flow;
import io.tapflow.FlowDefinitionException;
import io.tapflow.FlowStatus;
import io.tapflow.runtime.TapFlow;
import io.tapflow.testing.mariadb.MariaDbServer;
import java.nio.file.Path;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A saved flow, started, keeps its MongoDB collection equal to its MySQL table run through its stages: the
 * snapshot of 10,000 rows, then inserts, updates, deletes and a primary-key change, document by document
 * and field by field with BSON types. MariaDB, Debezium, Kafka Streams, the sink connector and a MongoDB
 * wire-protocol server are all real, with Avro through the registry on every topic.
 */
class FlowKeepsCollectionEqualToTableIT {

    private static final String PASSWORD = "flow-Pw-7731";
    private static final int ROWS = 10_000;

    @Test
    void snapshotThenEveryChangeReachesTheCollection(@TempDir Path home) throws Exception {
        MongoServer mongoServer = new MongoServer(new MemoryBackend());
        mongoServer.bind("127.0.0.1", 0);
        String mongoUri = "mongodb://127.0.0.1:" + mongoServer.getLocalAddress().getPort() + "/ecommerce";
        try (MariaDbServer mariadb = MariaDbServer.start();
             TapFlow tapflow = TapFlow.embedded(home.resolve("stack"));
             MongoClient mongo = MongoClients.create(mongoUri)) {
            mariadb.createDatabase("ECommerceData");
            OrdersTable.create(mariadb);
            OrdersTable.insert(mariadb, 0, ROWS);
            mariadb.createUser("tapflow", PASSWORD, "SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR");
            DataSource.mysql("MySQL_ECommerce").host(mariadb.host()).port(mariadb.port()).database("ECommerceData")
                    .username("tapflow").password(PASSWORD).timezone("UTC").asSource().save();
            DataSource.mongodb("MongoDB_ECommerce").uri(mongoUri).asTarget().save();

            Flow flow = Flow.named("mysql_order_flow")
                    .readFrom("MySQL_ECommerce.ecom_orders")
                    .exclude("order_delivered_carrier_date", "order_delivered_customer_date")
                    .renameFields(Map.of("order_purchase_timestamp", "purchase_timestamp"))
                    .writeTo("MongoDB_ECommerce.wide_orders_collection")
                    .save()
                    .start();
            assertThat(flow.status().state()).isEqualTo(FlowStatus.State.RUNNING);

            MongoCollection<Document> orders = mongo.getDatabase("ecommerce").getCollection("wide_orders_collection");
            OrdersTable.awaitCollectionEqualsTable(mariadb, orders, "the snapshot of " + ROWS + " rows");

            mariadb.execute(
                    "INSERT INTO ECommerceData.ecom_orders VALUES ('new-1', 'c-9', 'created', '2026-01-05 08:00:00',"
                            + " NULL, NULL, 1, 12.50)",
                    "UPDATE ECommerceData.ecom_orders SET order_status = 'invalid', total = 99.99 WHERE order_id = 'o-17'",
                    "DELETE FROM ECommerceData.ecom_orders WHERE order_id = 'o-42'",
                    "UPDATE ECommerceData.ecom_orders SET order_id = 'o-moved' WHERE order_id = 'o-43'");
            OrdersTable.awaitCollectionEqualsTable(mariadb, orders, "the insert, update, delete and key change");
            assertThat(orders.find(new Document("_id", "o-43")).first()).isNull();
            assertThat(orders.find(new Document("_id", "o-moved")).first()).isNotNull();
        } finally {
            mongoServer.shutdownNow();
        }
    }

    @Test
    void aFlowOverAMissingTableOrAnUnsavedDataSourceIsRefusedAtSave(@TempDir Path home) {
        try (MariaDbServer mariadb = MariaDbServer.start();
             TapFlow tapflow = TapFlow.embedded(home.resolve("stack"))) {
            mariadb.createDatabase("ECommerceData");
            mariadb.execute("CREATE TABLE ECommerceData.ecom_customers (customer_id VARCHAR(32) PRIMARY KEY)",
                    "CREATE TABLE ECommerceData.audit_log (message TEXT)");
            mariadb.createUser("tapflow", PASSWORD, "SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR");
            DataSource.mysql("MySQL_ECommerce").host(mariadb.host()).port(mariadb.port()).database("ECommerceData")
                    .username("tapflow").password(PASSWORD).asSource().save();

            Flow toUnsavedTarget = Flow.named("orders").readFrom("MySQL_ECommerce.ecom_customers")
                    .writeTo("MongoDB_ECommerce.customers");
            assertThatThrownBy(toUnsavedTarget::save).isInstanceOf(FlowDefinitionException.class)
                    .hasMessageContaining("Flow 'orders'")
                    .hasMessageContaining("data source 'MongoDB_ECommerce', which is not saved")
                    .hasMessageContaining("Fix: save it first");

            DataSource.mongodb("MongoDB_ECommerce").uri("mongodb://127.0.0.1:1/ecommerce").asTarget().save();
            Flow missingTable = Flow.named("orders").readFrom("MySQL_ECommerce.ecom_orderz")
                    .writeTo("MongoDB_ECommerce.orders");
            assertThatThrownBy(missingTable::save).isInstanceOf(FlowDefinitionException.class)
                    .hasMessageContaining("has no table 'ecom_orderz'")
                    .hasMessageContaining("its tables: audit_log, ecom_customers");
            Flow noPrimaryKey = Flow.named("audit").readFrom("MySQL_ECommerce.audit_log")
                    .writeTo("MongoDB_ECommerce.audit");
            assertThatThrownBy(noPrimaryKey::save).isInstanceOf(FlowDefinitionException.class)
                    .hasMessageContaining("has no primary key").hasMessageContaining("ADD PRIMARY KEY");
            Flow unsaved = Flow.named("customers").readFrom("MySQL_ECommerce.ecom_customers")
                    .writeTo("MongoDB_ECommerce.customers");
            assertThatThrownBy(unsaved::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Flow 'customers' is not saved");
            assertThat(tapflow.flows()).isEmpty();
        }
    }
}
