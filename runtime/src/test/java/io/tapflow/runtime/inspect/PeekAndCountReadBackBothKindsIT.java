package io.tapflow.runtime.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.tapflow.DataSource;
import io.tapflow.runtime.Encoding;
import io.tapflow.runtime.TapFlow;
import io.tapflow.runtime.catalog.FileSecretStore;
import io.tapflow.testing.mariadb.MariaDbServer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code count} and {@code peek} on the embedded stack read back both kinds of saved data source: a MySQL
 * table in primary-key order and a collection of the embedded MongoDB by {@code _id}, printed as the original
 * prints them with every type readable; a wrong name is refused with the names there are; the password shows
 * nowhere. The embedded MongoDB's documents are still there after the stack restarts over its directory, and
 * a connection to a cluster, which has no embedded MongoDB, says so.
 */
class PeekAndCountReadBackBothKindsIT {

    private static final String PASSWORD = "Pk-pw-31337-unique";

    private static final String ORDERS_PEEK = """
            table MySQL_ECommerce.ecom_orders has 3 records
            {
              "order_id": "o1",
              "customer_id": "c7",
              "order_status": "delivered",
              "price": 21.90,
              "purchased_at": "2026-03-01T10:15:30",
              "approved_at": "2026-03-01T10:15:30Z",
              "delivery_date": "2026-03-03",
              "paid": true,
              "notes": null,
              "details": {
                "gift": true,
                "items": [
                  1,
                  2
                ]
              }
            }
            {
              "order_id": "o2",
              "customer_id": "c8",
              "order_status": "SendError",
              "price": 12345678.01,
              "purchased_at": "2026-03-02T08:00:00",
              "approved_at": null,
              "delivery_date": null,
              "paid": false,
              "notes": "call first",
              "details": null
            }""";

    private static final String COLLECTION_PEEK = """
            table MongoDB_ECommerce.orders has 2 records
            {
              "_id": "o1",
              "total": 21.90,
              "ordered_at": "2026-03-01T10:15:30.123Z",
              "address": {
                "city": "Berlin",
                "zip": "10115"
              },
              "tags": [
                "gift",
                "express"
              ]
            }
            {
              "_id": "o2",
              "total": 5.00,
              "ordered_at": "2026-03-02T08:00:00Z",
              "address": {
                "city": "Hamburg",
                "zip": "20095"
              },
              "tags": []
            }""";

    @Test
    void peekAndCountReadBothKindsAndTheEmbeddedMongoDbKeepsItsDocumentsAcrossARestart(@TempDir Path home) {
        try (MariaDbServer mariadb = MariaDbServer.start()) {
            mariadb.createDatabase("ECommerceData");
            mariadb.execute("""
                    CREATE TABLE ECommerceData.ecom_orders (order_id VARCHAR(32) PRIMARY KEY, customer_id VARCHAR(32),
                      order_status VARCHAR(16), price DECIMAL(12,2), purchased_at DATETIME, approved_at TIMESTAMP NULL,
                      delivery_date DATE, paid TINYINT(1), notes VARCHAR(64), details JSON)""",
                    "CREATE TABLE ECommerceData.ecom_customers (customer_id VARCHAR(32) PRIMARY KEY)",
                    // Inserted out of key order: peek shows them in key order.
                    """
                    INSERT INTO ECommerceData.ecom_orders VALUES
                      ('o3', 'c9', '', 1.00, '2026-03-03 09:00:00', NULL, NULL, 0, NULL, NULL),
                      ('o1', 'c7', 'delivered', 21.90, '2026-03-01 10:15:30', FROM_UNIXTIME(1772360130),
                       '2026-03-03', 1, NULL, '{"gift": true, "items": [1, 2]}'),
                      ('o2', 'c8', 'SendError', 12345678.01, '2026-03-02 08:00:00', NULL, NULL, 0, 'call first', NULL)""");
            mariadb.createUser("tapflow", PASSWORD,
                    "SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, BINLOG MONITOR");

            try (TapFlow tapflow = TapFlow.embedded(home)) {
                DataSource.mysql("MySQL_ECommerce").host(mariadb.host()).port(mariadb.port()).database("ECommerceData")
                        .username("tapflow").password(PASSWORD).asSource().save();
                DataSource mongo = DataSource.mongodb("MongoDB_ECommerce").database("ecommerce").asTarget().save();
                String uri = tapflow.mongoConnectionString(mongo).reveal();
                assertThat(uri).matches("mongodb://127\\.0\\.0\\.1:\\d+/ecommerce");
                writeAsTheSinkDoes(uri);

                assertThat(tapflow.count("MySQL_ECommerce.ecom_orders")).isEqualTo(3);
                assertThat(tapflow.peek("MySQL_ECommerce.ecom_orders", 2)).hasToString(ORDERS_PEEK);
                assertThat(tapflow.count("MongoDB_ECommerce.orders")).isEqualTo(2);
                assertThat(tapflow.peek("MongoDB_ECommerce.orders")).hasToString(COLLECTION_PEEK);
                assertThat(tapflow.peek("MySQL_ECommerce.ecom_customers", 5)).hasToString(
                        "table MySQL_ECommerce.ecom_customers has 0 records");

                assertThatThrownBy(() -> tapflow.peek("MySQL_ECommerce.ecom_order", 5))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("data source 'MySQL_ECommerce' has no table 'ecom_order' in database 'ECommerceData'."
                                + " Its tables: ecom_customers, ecom_orders. Fix: use one of them, as in"
                                + " \"MySQL_ECommerce.ecom_customers\".");
                assertThatThrownBy(() -> tapflow.count("MongoDB_ECommerce.order"))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("data source 'MongoDB_ECommerce' has no collection 'order' in database"
                                + " 'ecommerce' (a flow creates its collection when it writes the first document)."
                                + " Its collections: orders.");
                assertThatThrownBy(() -> tapflow.count("MySQL_Shop.ecom_orders"))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("no data source named 'MySQL_Shop' is saved (saved: MySQL_ECommerce,"
                                + " MongoDB_ECommerce). Fix: check the name, or define the data source and save() it"
                                + " first.");
                assertThatThrownBy(() -> tapflow.count("ecom_orders"))
                        .hasMessageContaining("'ecom_orders' does not name a table of a data source. Fix: write"
                                + " <data source>.<table>");

                try (TapFlow connected = TapFlow.connect(tapflow.bootstrapServers(), tapflow.connectUrl(),
                        tapflow.registryUrl(), Encoding.AVRO, new FileSecretStore(home.resolve("secrets.properties")))) {
                    assertThat(connected.count("MySQL_ECommerce.ecom_orders")).isEqualTo(3);
                    assertThatThrownBy(() -> connected.peek("MongoDB_ECommerce.orders"))
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("data source 'MongoDB_ECommerce' names no MongoDB server (no uri, no"
                                    + " host), so it is the embedded stack's MongoDB, but this TapFlow is connected to a"
                                    + " cluster (TapFlow.connect), which has none. Fix: give it your MongoDB server, as"
                                    + " in DataSource.mongodb(\"MongoDB_ECommerce\").uri(");
                }
            }

            try (TapFlow resumed = TapFlow.embedded(home)) {
                assertThat(resumed.peek("MongoDB_ECommerce.orders")).hasToString(COLLECTION_PEEK);
            }
        }
    }

    @Test
    void aPasswordShowsInNoOutputAndNoError(@TempDir Path home) {
        try (MariaDbServer mariadb = MariaDbServer.start()) {
            mariadb.createDatabase("ECommerceData");
            mariadb.execute("CREATE TABLE ECommerceData.ecom_orders (order_id VARCHAR(32) PRIMARY KEY)",
                    "INSERT INTO ECommerceData.ecom_orders VALUES ('o1')");
            mariadb.createUser("tapflow", PASSWORD,
                    "SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, BINLOG MONITOR");
            try (TapFlow tapflow = TapFlow.embedded(home)) {
                DataSource.mysql("MySQL_ECommerce").host(mariadb.host()).port(mariadb.port()).database("ECommerceData")
                        .username("tapflow").password(PASSWORD).asSource().save();
                assertThat(tapflow.peek("MySQL_ECommerce.ecom_orders").toString()).doesNotContain(PASSWORD);
                assertThatThrownBy(() -> tapflow.peek("MySQL_ECommerce.nothing")).hasMessageNotContaining(PASSWORD);

                mariadb.execute("SET PASSWORD FOR 'tapflow'@'%' = PASSWORD('changed-since')");
                assertThatThrownBy(() -> tapflow.count("MySQL_ECommerce.ecom_orders"))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("cannot read data source 'MySQL_ECommerce': connecting to "
                                + mariadb.host() + ":" + mariadb.port() + " as user 'tapflow' failed")
                        .hasMessageContaining("Fix: check that the server runs")
                        .hasMessageNotContaining(PASSWORD);

                DataSource.mongodb("MongoDB_Remote").uri("mongodb://app:" + PASSWORD + "@127.0.0.1:1/shop")
                        .asTarget().save();
                assertThatThrownBy(() -> tapflow.count("MongoDB_Remote.orders"))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("cannot read data source 'MongoDB_Remote': no MongoDB server answered at"
                                + " 127.0.0.1:1 within 10 s")
                        .hasMessageNotContaining(PASSWORD)
                        .cause().hasMessageNotContaining(PASSWORD);
            }
        }
    }

    private static void writeAsTheSinkDoes(String uri) {
        try (MongoClient client = MongoClients.create(uri)) {
            MongoCollection<Document> orders = client.getDatabase("ecommerce").getCollection("orders");
            for (Document order : List.of(
                    order("o2", "5.00", 1_772_438_400_000L, "Hamburg", "20095", List.of()),
                    order("o1", "21.90", 1_772_360_130_123L, "Berlin", "10115", List.of("gift", "express")))) {
                orders.replaceOne(Filters.eq("_id", order.get("_id")), order, new ReplaceOptions().upsert(true));
            }
        }
    }

    private static Document order(String id, String total, long orderedAt, String city, String zip, List<String> tags) {
        return new Document("_id", id)
                .append("total", new Decimal128(new BigDecimal(total)))
                .append("ordered_at", new Date(orderedAt))
                .append("address", new Document("city", city).append("zip", zip))
                .append("tags", tags);
    }
}
