package io.tapflow.runtime.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import io.tapflow.testing.Await;
import io.tapflow.testing.mariadb.MariaDbServer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.types.Decimal128;

/**
 * The orders table the flow tests read ({@code ECommerceData.ecom_orders}, a few Olist columns plus an
 * INT and a DECIMAL), and what the flow {@code exclude(delivery dates).renameFields(purchase timestamp)} must
 * make of it in MongoDB.
 */
final class OrdersTable {

    static final Duration WAIT = Duration.ofSeconds(120);
    private static final String[] STATUSES = {"delivered", "shipped", "canceled", "", "SendError"};

    private OrdersTable() {
    }

    static void create(MariaDbServer mariadb) {
        mariadb.createDatabase("ECommerceData");
        mariadb.execute("CREATE TABLE ECommerceData.ecom_orders (order_id VARCHAR(32) PRIMARY KEY,"
                + " customer_id VARCHAR(32) NOT NULL, order_status VARCHAR(20) NOT NULL,"
                + " order_purchase_timestamp DATETIME NOT NULL, order_delivered_carrier_date DATETIME NULL,"
                + " order_delivered_customer_date DATETIME NULL, items INT NOT NULL, total DECIMAL(10,2) NOT NULL)");
    }

    /** Inserts orders {@code o-<from>} to {@code o-<to - 1>}. */
    static void insert(MariaDbServer mariadb, int from, int to) {
        StringBuilder sql = new StringBuilder();
        for (int i = from; i < to; i++) {
            if (sql.isEmpty()) {
                sql.append("INSERT INTO ECommerceData.ecom_orders VALUES ");
            } else {
                sql.append(',');
            }
            LocalDateTime bought = LocalDateTime.of(2017, 1, 1, 0, 0).plusMinutes(37L * i);
            sql.append("('o-").append(i).append("','c-").append(i % 997).append("','")
                    .append(STATUSES[i % STATUSES.length]).append("','").append(bought).append("',")
                    .append(i % 3 == 0 ? "NULL" : "'" + bought.plusDays(2) + "'").append(',')
                    .append(i % 3 == 0 ? "NULL" : "'" + bought.plusDays(6) + "'").append(',')
                    .append(1 + i % 3).append(',').append(BigDecimal.valueOf(1000 + 37L * i, 2)).append(')');
            if ((i + 1 - from) % 1000 == 0 || i == to - 1) {
                mariadb.execute(sql.toString());
                sql.setLength(0);
            }
        }
    }

    /** The documents the flow must produce: each row without the delivery dates, the purchase time renamed. */
    static Map<String, Document> expected(MariaDbServer mariadb) {
        Map<String, Document> documents = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(mariadb.jdbcUrl("ECommerceData"), "root", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT order_id, customer_id, order_status,"
                     + " order_purchase_timestamp, items, total FROM ecom_orders")) {
            while (rows.next()) {
                String id = rows.getString("order_id");
                documents.put(id, new Document("_id", id)
                        .append("order_id", id)
                        .append("customer_id", rows.getString("customer_id"))
                        .append("order_status", rows.getString("order_status"))
                        .append("purchase_timestamp", Date.from(rows.getObject("order_purchase_timestamp",
                                LocalDateTime.class).toInstant(ZoneOffset.UTC)))
                        .append("items", rows.getInt("items"))
                        .append("total", new Decimal128(rows.getBigDecimal("total"))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return documents;
    }

    static void awaitCollectionEqualsTable(MariaDbServer mariadb, MongoCollection<Document> collection,
                                                   String what) {
        Map<String, Document> expected = expected(mariadb);
        Map<String, Document> actual = Await.until(what, WAIT, () -> byId(collection),
                documents -> documents.size() == expected.size() && documents.keySet().equals(expected.keySet())
                        && documents.equals(expected));
        // Field by field, with BSON types and field order: equal maps of equal Documents.
        for (Map.Entry<String, Document> entry : expected.entrySet()) {
            Document document = actual.get(entry.getKey());
            assertThat(new ArrayList<>(document.keySet())).as("fields of %s", entry.getKey())
                    .isEqualTo(new ArrayList<>(entry.getValue().keySet()));
            entry.getValue().forEach((field, value) -> assertThat(document.get(field))
                    .as("%s.%s", entry.getKey(), field).isEqualTo(value)
                    .hasSameClassAs(value));
        }
    }

    static Map<String, Document> byId(MongoCollection<Document> collection) {
        Map<String, Document> documents = new TreeMap<>();
        for (Document document : collection.find()) {
            documents.put(String.valueOf(document.get("_id")), document);
        }
        return documents;
    }
}
