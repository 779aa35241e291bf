package io.tapflow.demo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.tapflow.DataSource;
import io.tapflow.runtime.TapFlow;
import io.tapflow.runtime.inspect.MongoDbTableReader;
import io.tapflow.runtime.inspect.Peek;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.bson.Document;

/**
 * The demo's live part: an insert, an update and a delete of an order in MySQL, each followed until MongoDB
 * shows it, then a customer update followed until every order of that customer shows it, with the time each took.
 */
final class LiveChanges {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final MySqlServer mysql;
    private final TapFlow tapflow;
    private final Console console;

    LiveChanges(MySqlServer mysql, TapFlow tapflow, Console console) {
        this.mysql = mysql;
        this.tapflow = tapflow;
        this.console = console;
    }

    /**
     * Makes the four changes and waits for each to arrive.
     *
     * @throws IllegalStateException if one does not arrive within a minute
     */
    void run() {
        DataSource target = tapflow.dataSource(Demo.TARGET).orElseThrow();
        try (MongoClient client = MongoClients.create(tapflow.mongoConnectionString(target).reveal())) {
            MongoCollection<Document> orders = client.getDatabase("ecommerce").getCollection(Demo.COLLECTION);
            String id = "live-" + Long.toHexString(Instant.now().toEpochMilli());
            console.step("Live changes in MySQL, each followed into MongoDB");

            follow(orders, id, "INSERT order " + id + " (status 'created')", document -> document != null,
                    "INSERT INTO ECommerceData.ecom_orders (order_id, customer_id, order_status, order_purchase_timestamp,"
                            + " order_estimated_delivery_date) SELECT '" + id + "', customer_id, 'created', NOW(),"
                            + " NOW() + INTERVAL 10 DAY FROM ECommerceData.ecom_customers ORDER BY customer_id LIMIT 1");
            follow(orders, id, "UPDATE order " + id + " SET order_status = 'shipped'",
                    document -> document != null && "shipped".equals(document.get("order_status")),
                    "UPDATE ECommerceData.ecom_orders SET order_status = 'shipped' WHERE order_id = '" + id + "'");
            follow(orders, id, "DELETE order " + id, document -> document == null,
                    "DELETE FROM ECommerceData.ecom_orders WHERE order_id = '" + id + "'");
            customerMoves(orders);
        }
    }

    /**
     * Moves the customer with the most orders to another city and waits until every one of its orders in
     * MongoDB shows it: the lookup refreshes each document that embeds the customer.
     */
    private void customerMoves(MongoCollection<Document> orders) {
        List<String> customer = mysql.firstRow("SELECT o.customer_id, COUNT(*), c.customer_city"
                + " FROM ECommerceData.ecom_orders o JOIN ECommerceData.ecom_customers c USING (customer_id)"
                + " GROUP BY o.customer_id, c.customer_city ORDER BY COUNT(*) DESC, o.customer_id LIMIT 1");
        if (customer.isEmpty()) {
            throw new IllegalStateException("no order in ECommerceData.ecom_orders has a customer in ecom_customers,"
                    + " so there is no customer update to follow. Fix: load the sample (delete "
                    + "the demo's directory to load it afresh).");
        }
        String id = customer.get(0);
        long count = Long.parseLong(customer.get(1));
        String city = "curitiba".equals(customer.get(2)) ? "manaus" : "curitiba";
        String change = "UPDATE customer " + id + " SET customer_city = '" + city + "'";
        long begin = System.nanoTime();
        mysql.execute("UPDATE ECommerceData.ecom_customers SET customer_city = '" + city + "' WHERE customer_id = '"
                + id + "'");
        long deadline = begin + TIMEOUT.toNanos();
        long updated;
        while ((updated = orders.countDocuments(Filters.and(Filters.eq("customer_id", id),
                Filters.eq("customer_city", city)))) < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(change + ": " + updated + " of its " + count + " orders in MongoDB"
                        + " show it after " + TIMEOUT.toSeconds() + " s. " + tapflow.status(Demo.FLOW));
            }
            Demo.sleep(Duration.ofMillis(10));
        }
        console.info(change + "  ->  all " + count + " of its orders updated in MongoDB after "
                + (System.nanoTime() - begin) / 1_000_000 + " ms");
    }

    private void follow(MongoCollection<Document> orders, String id, String change, Predicate<Document> arrived,
                        String sql) {
        long begin = System.nanoTime();
        mysql.execute(sql);
        long deadline = begin + TIMEOUT.toNanos();
        Document document;
        while (!arrived.test(document = orders.find(Filters.eq("_id", id)).first())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(change + ": not in MongoDB after " + TIMEOUT.toSeconds() + " s; the"
                        + " document is " + (document == null ? "absent" : document.toJson()) + ". "
                        + tapflow.status(Demo.FLOW));
            }
            Demo.sleep(Duration.ofMillis(10));
        }
        console.info(change + "  ->  in MongoDB after " + (System.nanoTime() - begin) / 1_000_000 + " ms");
        if (document != null) {
            console.block(Peek.toJson(MongoDbTableReader.plainDocument(document)));
        }
    }
}
