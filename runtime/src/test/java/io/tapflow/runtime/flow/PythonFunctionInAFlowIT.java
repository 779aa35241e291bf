package io.tapflow.runtime.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.tapflow.DataSource;
import io.tapflow.Flow;
import io.tapflow.runtime.TapFlow;
import io.tapflow.testing.Await;
import io.tapflow.testing.mariadb.MariaDbServer;
import java.nio.file.Path;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's Python function in a started flow, end to end from MariaDB to the embedded MongoDB: empty
 * statuses become 'invalid', 'SendError' becomes 'undeliverable', for the snapshot and for a later insert,
 * and the function reads the values given to {@code start(env)}.
 */
class PythonFunctionInAFlowIT {

    private static final String PASSWORD = "udf-Pw-8841";

    @Test
    void theSeedsFunctionStandardizesStatusesAndReadsTheStartEnv(@TempDir Path home) {
        try (MariaDbServer mariadb = MariaDbServer.start();
             TapFlow tapflow = TapFlow.embedded(home.resolve("stack"))) {
            OrdersTable.create(mariadb);
            // Statuses cycle through delivered, shipped, canceled, '' and 'SendError'.
            OrdersTable.insert(mariadb, 0, 10);
            mariadb.createUser("tapflow", PASSWORD, "SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR");
            DataSource.mysql("MySQL_ECommerce").host(mariadb.host()).port(mariadb.port()).database("ECommerceData")
                    .username("tapflow").password(PASSWORD).timezone("UTC").asSource().save();
            DataSource target = DataSource.mongodb("MongoDB_ECommerce").database("ecommerce").asTarget().save();

            Flow.named("orders_py")
                    .readFrom("MySQL_ECommerce.ecom_orders")
                    .py("""
                        def process(record, context):
                            if not record['order_status']:
                                record['order_status'] = 'invalid'
                            if record['order_status'] == 'SendError':
                                record['order_status'] = 'undeliverable'
                            record['region'] = context['env']['REGION']
                            return record
                        """)
                    .writeTo("MongoDB_ECommerce.orders")
                    .save()
                    .start(Map.of("REGION", "eu-west"));

            try (MongoClient mongo = MongoClients.create(tapflow.mongoConnectionString(target).reveal())) {
                MongoCollection<Document> orders = mongo.getDatabase("ecommerce").getCollection("orders");
                Await.until("the snapshot", OrdersTable.WAIT, orders::countDocuments, count -> count == 10);
                mariadb.execute("INSERT INTO ECommerceData.ecom_orders VALUES ('late', 'c-1', 'SendError',"
                        + " '2026-01-05 08:00:00', NULL, NULL, 1, 5.00)");
                Await.until("the insert", OrdersTable.WAIT, orders::countDocuments, count -> count == 11);

                assertThat(orders.find(new Document("_id", "o-3")).first()).containsEntry("order_status", "invalid");
                assertThat(orders.find(new Document("_id", "o-4")).first())
                        .containsEntry("order_status", "undeliverable");
                assertThat(orders.find(new Document("_id", "o-0")).first()).containsEntry("order_status", "delivered");
                assertThat(orders.find(new Document("_id", "late")).first())
                        .containsEntry("order_status", "undeliverable").containsEntry("region", "eu-west");
                assertThat(orders.countDocuments(new Document("region", "eu-west"))).isEqualTo(11);
                assertThat(orders.countDocuments(new Document("order_status", ""))).isZero();
            }
        }
    }
}
