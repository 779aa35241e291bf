package io.tapflow.runtime.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.tapflow.DataSource;
import io.tapflow.Flow;
import io.tapflow.FlowDefinitionException;
import io.tapflow.FlowStatus;
import io.tapflow.Lookup;
import io.tapflow.runtime.TapFlow;
import io.tapflow.testing.Await;
import io.tapflow.testing.mariadb.MariaDbServer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lookups end to end, MariaDB → Debezium → flow → sink → the embedded MongoDB: the wide documents equal a
 * reference joined in plain Java from the tables' contents, document by document, after the snapshot and
 * after each change to either side: a customer update reaches every order of that customer, an order whose
 * customer arrives later gets its fields then, an order that changes customer gets the new one's fields, a
 * customer delete takes the fields away, an order delete removes the document; and order items as an array with
 * their products nested in each item. A flow stopped and started again resumes from its state; one whose lookups
 * changed meanwhile is refused instead of resuming over state that does not fit.
 */
class LookupKeepsWideDocumentsFreshIT {

    private static final String PASSWORD = "lookup-Pw-5519";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int ORDERS = 300;
    private static final int CUSTOMERS = 30;

    @Test
    void theSeedsCustomerLookupFollowsEveryChangeOfOrdersAndCustomers(@TempDir Path home) {
        try (MariaDbServer mariadb = MariaDbServer.start();
             TapFlow tapflow = TapFlow.embedded(home.resolve("stack"))) {
            createTables(mariadb);
            DataSource target = saveDataSources(mariadb);

            Flow flow = Flow.named("orders_wide")
                    .readFrom("MySQL_ECommerce.ecom_orders")
                    .exclude("order_delivered_carrier_date", "order_delivered_customer_date")
                    .renameFields(Map.of("order_purchase_timestamp", "purchase_timestamp"))
                    .lookup("MySQL_ECommerce.ecom_customers", Lookup.relation("customer_id", "customer_id"))
                    .writeTo("MongoDB_ECommerce.wide_orders")
                    .save()
                    .start();
            assertThat(flow.status().state()).isEqualTo(FlowStatus.State.RUNNING);
            assertThat(flow.status().detail()).isEqualTo("copied MySQL_ECommerce.ecom_orders and looked-up"
                    + " MySQL_ECommerce.ecom_customers; their changes reach MongoDB_ECommerce.wide_orders");

            try (MongoClient mongo = MongoClients.create(tapflow.mongoConnectionString(target).reveal())) {
                MongoCollection<Document> wide = mongo.getDatabase("ecommerce").getCollection("wide_orders");
                Map<String, Document> documents = awaitSeedDocuments(mariadb, wide, "the snapshot of " + ORDERS
                        + " orders with their customers");
                assertThat(documents.get("o-7")).containsEntry("customer_id", "c-7")
                        .containsEntry("customer_city", "city-7").doesNotContainKey("order_delivered_carrier_date");

                mariadb.execute("UPDATE ECommerceData.ecom_customers SET customer_city = 'rio' WHERE customer_id = 'c-7'");
                documents = awaitSeedDocuments(mariadb, wide, "customer c-7's new city in each of its orders");
                List<Document> ofC7 = documents.values().stream()
                        .filter(document -> "c-7".equals(document.get("customer_id"))).toList();
                assertThat(ofC7).hasSize(ORDERS / CUSTOMERS)
                        .allSatisfy(document -> assertThat(document).containsEntry("customer_city", "rio"));

                mariadb.execute("INSERT INTO ECommerceData.ecom_orders VALUES ('early', 'c-new', 'created',"
                        + " '2026-01-05 08:00:00', NULL, NULL)");
                documents = awaitSeedDocuments(mariadb, wide, "an order whose customer does not exist yet");
                assertThat(documents.get("early")).doesNotContainKeys("customer_city", "customer_unique_id");
                mariadb.execute("INSERT INTO ECommerceData.ecom_customers VALUES ('c-new', 'u-new', 'recife', 'PE')");
                documents = awaitSeedDocuments(mariadb, wide, "the customer arriving after its order");
                assertThat(documents.get("early")).containsEntry("customer_city", "recife")
                        .containsEntry("customer_state", "PE");

                mariadb.execute("UPDATE ECommerceData.ecom_orders SET customer_id = 'c-3' WHERE order_id = 'o-5'");
                documents = awaitSeedDocuments(mariadb, wide, "order o-5 moved to customer c-3");
                assertThat(documents.get("o-5")).containsEntry("customer_id", "c-3")
                        .containsEntry("customer_unique_id", "u-3").containsEntry("customer_city", "city-3");

                mariadb.execute("DELETE FROM ECommerceData.ecom_customers WHERE customer_id = 'c-9'");
                documents = awaitSeedDocuments(mariadb, wide, "customer c-9 deleted");
                assertThat(documents.get("o-9")).containsEntry("customer_id", "c-9")
                        .doesNotContainKeys("customer_unique_id", "customer_city", "customer_state");

                mariadb.execute("DELETE FROM ECommerceData.ecom_orders WHERE order_id = 'o-1'");
                documents = awaitSeedDocuments(mariadb, wide, "order o-1 deleted");
                assertThat(documents).doesNotContainKey("o-1").hasSize(ORDERS);

                flow.stop();
                mariadb.execute("UPDATE ECommerceData.ecom_customers SET customer_state = 'AM' WHERE customer_id = 'c-2'",
                        "INSERT INTO ECommerceData.ecom_orders VALUES ('while-stopped', 'c-2', 'created',"
                                + " '2026-01-06 08:00:00', NULL, NULL)");
                flow.start();
                assertThat(flow.status().detail()).isEqualTo("resumed: changes of MySQL_ECommerce.ecom_orders and"
                        + " looked-up MySQL_ECommerce.ecom_customers reach MongoDB_ECommerce.wide_orders");
                documents = awaitSeedDocuments(mariadb, wide, "the changes made while the flow was stopped");
                assertThat(documents.get("while-stopped")).containsEntry("customer_state", "AM");
                assertThat(flow.status().state()).isEqualTo(FlowStatus.State.RUNNING);

                flow.stop();
                Flow withItems = Flow.named("orders_wide")
                        .readFrom("MySQL_ECommerce.ecom_orders")
                        .exclude("order_delivered_carrier_date", "order_delivered_customer_date")
                        .renameFields(Map.of("order_purchase_timestamp", "purchase_timestamp"))
                        .lookup("MySQL_ECommerce.ecom_customers", Lookup.relation("customer_id", "customer_id"))
                        .lookup("MySQL_ECommerce.ecom_order_items", Lookup.array("items").relation("order_id", "order_id"))
                        .writeTo("MongoDB_ECommerce.wide_orders")
                        .save();
                assertThatThrownBy(withItems::start).isInstanceOf(FlowStartException.class)
                        .hasMessageContaining("Flow 'orders_wide'")
                        .hasMessageContaining("it ran before with other lookups")
                        .hasMessageContaining("Fix: save the changed flow under a new name");
                assertThat(withItems.status().state()).isEqualTo(FlowStatus.State.FAILED);
            }
        }
    }

    @Test
    void lookupsThatDoNotFitTheTablesAreRefusedAtSaveThenItemsEmbedAsAnArrayWithTheirProductsNested(@TempDir Path home) {
        try (MariaDbServer mariadb = MariaDbServer.start();
             TapFlow tapflow = TapFlow.embedded(home.resolve("stack"))) {
            createTables(mariadb);
            mariadb.execute("CREATE TABLE ECommerceData.customer_notes (customer_id VARCHAR(32), note TEXT)");
            DataSource target = saveDataSources(mariadb);

            assertThatThrownBy(() -> Flow.named("orders_wide").readFrom("MySQL_ECommerce.ecom_orders")
                    .lookup("MySQL_ECommerce.ecom_customer", Lookup.relation("customer_id", "customer_id"))
                    .writeTo("MongoDB_ECommerce.wide_orders").save())
                    .isInstanceOf(FlowDefinitionException.class)
                    .hasMessageStartingWith("Flow 'orders_wide', stage 'lookup#1': ")
                    .hasMessageContaining("has no table 'ecom_customer'")
                    .hasMessageContaining("its tables: customer_notes, ecom_customers, ecom_orders, ecom_order_items,"
                            + " ecom_products");
            assertThatThrownBy(() -> Flow.named("orders_wide").readFrom("MySQL_ECommerce.ecom_orders")
                    .lookup("CRM.customers", Lookup.relation("customer_id", "customer_id"))
                    .writeTo("MongoDB_ECommerce.wide_orders").save())
                    .isInstanceOf(FlowDefinitionException.class)
                    .hasMessageContaining("stage 'lookup#1': looks up data source 'CRM', which is not saved");
            assertThatThrownBy(() -> Flow.named("orders_wide").readFrom("MySQL_ECommerce.ecom_orders")
                    .lookup("MySQL_ECommerce.customer_notes", Lookup.array("notes").relation("customer_id",
                            "customer_id"))
                    .writeTo("MongoDB_ECommerce.wide_orders").save())
                    .isInstanceOf(FlowDefinitionException.class)
                    .hasMessageContaining("child without primary key").hasMessageContaining("ADD PRIMARY KEY");
            assertThatThrownBy(() -> Flow.named("orders_wide").readFrom("MySQL_ECommerce.ecom_orders")
                    .lookup("MySQL_ECommerce.ecom_customers", Lookup.object("order_status")
                            .relation("customer_id", "customer_id"))
                    .writeTo("MongoDB_ECommerce.wide_orders").save())
                    .isInstanceOf(FlowDefinitionException.class)
                    .hasMessageContaining("lookup path 'order_status' collides with field 'order_status'");
            assertThatThrownBy(() -> Flow.named("orders_wide").readFrom("MySQL_ECommerce.ecom_orders")
                    .renameFields(Map.of("order_status", "customer_city"))
                    .lookup("MySQL_ECommerce.ecom_customers", Lookup.relation("customer_id", "customer_id"))
                    .writeTo("MongoDB_ECommerce.wide_orders").save())
                    .isInstanceOf(FlowDefinitionException.class)
                    .hasMessageContaining("merged at the root, the rows of MySQL_ECommerce.ecom_customers bring field"
                            + " customer_city")
                    .hasMessageContaining("Fix: exclude it in the lookup");
            assertThat(tapflow.flows()).isEmpty();

            Flow.named("orders_with_items")
                    .readFrom("MySQL_ECommerce.ecom_orders")
                    .include("order_id", "order_status")
                    .lookup("MySQL_ECommerce.ecom_order_items", Lookup.array("items").relation("order_id", "order_id")
                            .exclude("price"))
                    .lookup("MySQL_ECommerce.ecom_products", Lookup.object("items.product")
                            .relation("product_id", "product_id"))
                    .writeTo("MongoDB_ECommerce.orders_with_items")
                    .save()
                    .start();

            try (MongoClient mongo = MongoClients.create(tapflow.mongoConnectionString(target).reveal())) {
                MongoCollection<Document> wide = mongo.getDatabase("ecommerce").getCollection("orders_with_items");
                Map<String, Document> documents = awaitItemDocuments(mariadb, wide, "the snapshot");
                assertThat(items(documents.get("o-5"))).extracting(item -> item.get("order_item_id"))
                        .containsExactly(1, 2, 3);

                mariadb.execute("UPDATE ECommerceData.ecom_products SET product_category_name = 'comics'"
                        + " WHERE product_id = 'p-2'");
                documents = awaitItemDocuments(mariadb, wide, "product p-2's new category in every item of it");
                assertThat(documents.values().stream().flatMap(document -> items(document).stream())
                        .filter(item -> "p-2".equals(item.get("product_id"))).toList())
                        .isNotEmpty()
                        .allSatisfy(item -> assertThat((Document) item.get("product"))
                                .containsEntry("product_category_name", "comics"));

                mariadb.execute("INSERT INTO ECommerceData.ecom_order_items VALUES ('o-5', 0, 'p-1', 9.99)",
                        "UPDATE ECommerceData.ecom_order_items SET product_id = 'p-3' WHERE order_id = 'o-5'"
                                + " AND order_item_id = 2",
                        "DELETE FROM ECommerceData.ecom_order_items WHERE order_id = 'o-5' AND order_item_id = 3",
                        "UPDATE ECommerceData.ecom_order_items SET order_id = 'o-8', order_item_id = 7"
                                + " WHERE order_id = 'o-7' AND order_item_id = 1");
                documents = awaitItemDocuments(mariadb, wide, "items added, moved to another product or order, and"
                        + " deleted");
                assertThat(items(documents.get("o-8"))).extracting(item -> item.get("order_item_id"))
                        .containsExactly(1, 2, 3, 7);
                assertThat(items(documents.get("o-5"))).extracting(item -> item.get("order_item_id"))
                        .containsExactly(0, 1, 2);
                assertThat((Document) items(documents.get("o-5")).get(2).get("product"))
                        .containsEntry("product_id", "p-3");

                mariadb.execute("DELETE FROM ECommerceData.ecom_order_items WHERE order_id = 'o-4'");
                documents = awaitItemDocuments(mariadb, wide, "every item of order o-4 deleted");
                assertThat(documents.get("o-4")).doesNotContainKey("items");
            }
        }
    }

    /** Orders o-0.. of customers c-0..c-29, each order i with 1 + i % 3 items of products p-0..p-19. */
    private static void createTables(MariaDbServer mariadb) {
        mariadb.createDatabase("ECommerceData");
        mariadb.execute("CREATE TABLE ECommerceData.ecom_orders (order_id VARCHAR(32) PRIMARY KEY,"
                        + " customer_id VARCHAR(32) NOT NULL, order_status VARCHAR(20) NOT NULL,"
                        + " order_purchase_timestamp DATETIME NOT NULL, order_delivered_carrier_date DATETIME NULL,"
                        + " order_delivered_customer_date DATETIME NULL)",
                "CREATE TABLE ECommerceData.ecom_customers (customer_id VARCHAR(32) PRIMARY KEY,"
                        + " customer_unique_id VARCHAR(32) NOT NULL, customer_city VARCHAR(64) NOT NULL,"
                        + " customer_state CHAR(2) NOT NULL)",
                "CREATE TABLE ECommerceData.ecom_order_items (order_id VARCHAR(32) NOT NULL, order_item_id INT NOT NULL,"
                        + " product_id VARCHAR(32) NOT NULL, price DECIMAL(10,2) NOT NULL,"
                        + " PRIMARY KEY (order_id, order_item_id))",
                "CREATE TABLE ECommerceData.ecom_products (product_id VARCHAR(32) PRIMARY KEY,"
                        + " product_category_name VARCHAR(64) NULL)");
        StringBuilder orders = new StringBuilder("INSERT INTO ECommerceData.ecom_orders VALUES ");
        StringBuilder items = new StringBuilder("INSERT INTO ECommerceData.ecom_order_items VALUES ");
        for (int i = 0; i < ORDERS; i++) {
            LocalDateTime bought = LocalDateTime.of(2017, 1, 1, 0, 0).plusMinutes(37L * i);
            orders.append(i == 0 ? "" : ",").append("('o-").append(i).append("','c-").append(i % CUSTOMERS)
                    .append("','").append(i % 4 == 0 ? "delivered" : "shipped").append("','").append(bought)
                    .append("',").append(i % 3 == 0 ? "NULL" : "'" + bought.plusDays(2) + "'").append(",NULL)");
            for (int item = 1; item <= 1 + i % 3; item++) {
                items.append(i == 0 && item == 1 ? "" : ",").append("('o-").append(i).append("',").append(item)
                        .append(",'p-").append((i + item) % 20).append("',").append(BigDecimal.valueOf(100 + i + item, 2))
                        .append(')');
            }
        }
        StringBuilder customers = new StringBuilder("INSERT INTO ECommerceData.ecom_customers VALUES ");
        for (int c = 0; c < CUSTOMERS; c++) {
            customers.append(c == 0 ? "" : ",").append("('c-").append(c).append("','u-").append(c).append("','city-")
                    .append(c).append("','").append(c % 2 == 0 ? "SP" : "RJ").append("')");
        }
        StringBuilder products = new StringBuilder("INSERT INTO ECommerceData.ecom_products VALUES ");
        for (int p = 0; p < 20; p++) {
            products.append(p == 0 ? "" : ",").append("('p-").append(p).append("',")
                    .append(p % 5 == 0 ? "NULL" : "'category-" + p + "'").append(')');
        }
        mariadb.execute(orders.toString(), items.toString(), customers.toString(), products.toString());
    }

    private static DataSource saveDataSources(MariaDbServer mariadb) {
        mariadb.createUser("tapflow", PASSWORD, "SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR");
        DataSource.mysql("MySQL_ECommerce").host(mariadb.host()).port(mariadb.port()).database("ECommerceData")
                .username("tapflow").password(PASSWORD).timezone("UTC").asSource().save();
        return DataSource.mongodb("MongoDB_ECommerce").database("ecommerce").asTarget().save();
    }

    /**
     * The seed flow's documents, joined here from the tables: each order without its delivery dates, the
     * purchase time renamed, then its customer's fields other than {@code customer_id}, if it has a customer.
     */
    private static Map<String, Document> seedDocuments(MariaDbServer mariadb) {
        Map<String, Map<String, Object>> customers = byKey(rows(mariadb, "ecom_customers"), "customer_id");
        Map<String, Document> documents = new TreeMap<>();
        for (Map<String, Object> order : rows(mariadb, "ecom_orders")) {
            Document document = new Document("_id", order.get("order_id"))
                    .append("order_id", order.get("order_id"))
                    .append("customer_id", order.get("customer_id"))
                    .append("order_status", order.get("order_status"))
                    .append("purchase_timestamp", order.get("order_purchase_timestamp"));
            Map<String, Object> customer = customers.get((String) order.get("customer_id"));
            if (customer != null) {
                customer.forEach(document::putIfAbsent);
            }
            documents.put((String) order.get("order_id"), document);
        }
        return documents;
    }

    /**
     * The item flow's documents: each order's id and status, and its items (without their price) by item
     * id, each with its product, if the order has items.
     */
    private static Map<String, Document> itemDocuments(MariaDbServer mariadb) {
        Map<String, Map<String, Object>> products = byKey(rows(mariadb, "ecom_products"), "product_id");
        Map<Object, List<Map<String, Object>>> itemsByOrder = new TreeMap<>();
        for (Map<String, Object> item : rows(mariadb, "ecom_order_items")) {
            itemsByOrder.computeIfAbsent(item.get("order_id"), id -> new ArrayList<>()).add(item);
        }
        Map<String, Document> documents = new TreeMap<>();
        for (Map<String, Object> order : rows(mariadb, "ecom_orders")) {
            Document document = new Document("_id", order.get("order_id"))
                    .append("order_id", order.get("order_id"))
                    .append("order_status", order.get("order_status"));
            List<Map<String, Object>> items = itemsByOrder.get(order.get("order_id"));
            if (items != null) {
                List<Document> embedded = new ArrayList<>();
                items.stream().sorted(Comparator.comparing(item -> (Integer) item.get("order_item_id")))
                        .forEach(item -> {
                            Document element = new Document(item);
                            element.remove("price");
                            Map<String, Object> product = products.get((String) item.get("product_id"));
                            if (product != null) {
                                element.append("product", new Document(product));
                            }
                            embedded.add(element);
                        });
                document.append("items", embedded);
            }
            documents.put((String) order.get("order_id"), document);
        }
        return documents;
    }

    private static Map<String, Document> awaitSeedDocuments(MariaDbServer mariadb, MongoCollection<Document> wide,
                                                            String what) {
        return awaitEqual(wide, seedDocuments(mariadb), what);
    }

    private static Map<String, Document> awaitItemDocuments(MariaDbServer mariadb, MongoCollection<Document> wide,
                                                            String what) {
        return awaitEqual(wide, itemDocuments(mariadb), what);
    }

    /**
     * Waits until the collection holds exactly the expected documents, BSON types included; on a timeout, says
     * which documents differ and how.
     */
    private static Map<String, Document> awaitEqual(MongoCollection<Document> collection, Map<String, Document> expected,
                                                    String what) {
        try {
            return Await.until(what, WAIT, () -> OrdersTable.byId(collection), expected::equals);
        } catch (AssertionError timedOut) {
            Map<String, Document> actual = OrdersTable.byId(collection);
            StringBuilder differences = new StringBuilder();
            java.util.Set<String> ids = new java.util.TreeSet<>(expected.keySet());
            ids.addAll(actual.keySet());
            ids.stream().filter(id -> !java.util.Objects.equals(expected.get(id), actual.get(id))).limit(5)
                    .forEach(id -> differences.append("\n  ").append(id).append(": expected ")
                            .append(expected.get(id)).append("\n  ").append(" ".repeat(id.length()))
                            .append("  but was  ").append(actual.get(id)));
            throw new AssertionError("Timed out after " + WAIT.toSeconds() + " s waiting for " + what
                    + "; documents that differ (at most 5):" + differences);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Document> items(Document order) {
        return (List<Document>) order.get("items");
    }

    private static Map<String, Map<String, Object>> byKey(List<Map<String, Object>> rows, String key) {
        Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
        rows.forEach(row -> byKey.put((String) row.get(key), row));
        return byKey;
    }

    /** Every row of a table, as the sink writes it: DATETIME as Date (UTC), DECIMAL as Decimal128. */
    private static List<Map<String, Object>> rows(MariaDbServer mariadb, String table) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(mariadb.jdbcUrl("ECommerceData"), "root", "");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData columns = result.getMetaData();
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    Object value = result.getObject(i);
                    row.put(columns.getColumnLabel(i), bson(value));
                }
                rows.add(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    private static Object bson(Object value) {
        return switch (value) {
            case LocalDateTime time -> Date.from(time.toInstant(ZoneOffset.UTC));
            case java.sql.Timestamp time -> Date.from(time.toLocalDateTime().toInstant(ZoneOffset.UTC));
            case BigDecimal decimal -> new Decimal128(decimal);
            case null, default -> value;
        };
    }
}
