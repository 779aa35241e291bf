package io.tapflow.demo.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapflow.testing.mariadb.MariaDbServer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sample loads into a real MariaDB whole, with its types and keys, and loading it again writes nothing. */
class SampleLoadsOnceIntoMariaDbIT {

    private static final ECommerceSample SAMPLE = ECommerceSample.withOrders(10_000);
    private static final List<String> TABLES = List.of(ECommerceSample.CUSTOMERS, ECommerceSample.PRODUCTS,
            ECommerceSample.ORDERS, ECommerceSample.ORDER_ITEMS);

    private static MariaDbServer server;

    @BeforeAll
    static void startServer() {
        server = MariaDbServer.start();
    }

    @AfterAll
    static void closeServer() {
        server.close();
    }

    @BeforeEach
    void dropTheSample() {
        server.execute("DROP DATABASE IF EXISTS " + ECommerceSample.DATABASE);
    }

    @Test
    void loadsEveryTableWholeAndReportsProgress() throws SQLException {
        List<String> progress = new ArrayList<>();

        LoadReport report = SAMPLE.load(server, (table, loaded, total) -> progress.add(table + " " + loaded + "/" + total));

        assertThat(report.tables()).extracting(LoadReport.TableReport::table).containsExactlyElementsOf(TABLES);
        assertThat(report.tables()).extracting(LoadReport.TableReport::outcome).containsOnly(LoadReport.Outcome.LOADED);
        assertThat(report.tables()).extracting(LoadReport.TableReport::rows)
                .containsExactly(3_000L, 500L, 10_000L, SAMPLE.orderItemCount());
        assertThat(report.rowsLoaded()).isEqualTo(13_500 + SAMPLE.orderItemCount());
        assertThat(counts()).containsExactly(3_000L, 500L, 10_000L, SAMPLE.orderItemCount());
        assertThat(progress).startsWith("ecom_customers 3000/3000", "ecom_products 500/500", "ecom_orders 5000/10000",
                "ecom_orders 10000/10000", "ecom_order_items 5000/" + SAMPLE.orderItemCount());
        assertThat(progress).last().isEqualTo("ecom_order_items " + SAMPLE.orderItemCount() + "/" + SAMPLE.orderItemCount());
    }

    @Test
    void rowsReadBackAsGeneratedWithTheirTypesAndNulls() throws SQLException {
        SAMPLE.load(server, LoadListener.silent());

        Order first = SAMPLE.orders().findFirst().orElseThrow();
        Order undelivered = SAMPLE.orders().filter(order -> order.orderApprovedAt() == null).findFirst().orElseThrow();
        OrderItem item = SAMPLE.orderItems().filter(i -> i.orderItemId() == 3).findFirst().orElseThrow();
        Product uncategorised = SAMPLE.products().filter(p -> p.productCategoryName() == null).findFirst().orElseThrow();
        Customer customer = SAMPLE.customers().filter(c -> c.customerCity().contains("'")).findFirst().orElseThrow();
        try (Connection connection = connect()) {
            assertThat(readOrder(connection, first.orderId())).isEqualTo(first);
            assertThat(readOrder(connection, undelivered.orderId())).isEqualTo(undelivered);
            assertThat(readItem(connection, item.orderId(), item.orderItemId())).isEqualTo(item);
            assertThat(readProduct(connection, uncategorised.productId())).isEqualTo(uncategorised);
            assertThat(readCustomer(connection, customer.customerId())).isEqualTo(customer);
            assertThat(scalar(connection, "SELECT COUNT(*) FROM ecom_orders WHERE order_status = ''")).isPositive();
            assertThat(scalar(connection, "SELECT COUNT(*) FROM ecom_orders WHERE order_status = 'SendError'"))
                    .isPositive();
            assertThat(scalar(connection, "SELECT COUNT(*) FROM ecom_order_items i LEFT JOIN ecom_orders o"
                    + " ON o.order_id = i.order_id LEFT JOIN ecom_products p ON p.product_id = i.product_id"
                    + " WHERE o.order_id IS NULL OR p.product_id IS NULL")).isZero();
        }
    }

    @Test
    void tablesAreInnoDbWithTheirPrimaryKeys() throws SQLException {
        SAMPLE.load(server, LoadListener.silent());

        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet keys = statement.executeQuery("SELECT t.TABLE_NAME, t.ENGINE, GROUP_CONCAT(k.COLUMN_NAME"
                        + " ORDER BY k.ORDINAL_POSITION) FROM information_schema.TABLES t"
                        + " JOIN information_schema.KEY_COLUMN_USAGE k ON k.TABLE_SCHEMA = t.TABLE_SCHEMA"
                        + " AND k.TABLE_NAME = t.TABLE_NAME AND k.CONSTRAINT_NAME = 'PRIMARY'"
                        + " WHERE t.TABLE_SCHEMA = 'ECommerceData' GROUP BY t.TABLE_NAME, t.ENGINE")) {
            List<String> rows = new ArrayList<>();
            while (keys.next()) {
                rows.add(keys.getString(1) + " " + keys.getString(2) + " " + keys.getString(3));
            }
            assertThat(rows).containsExactlyInAnyOrder(
                    "ecom_customers InnoDB customer_id",
                    "ecom_order_items InnoDB order_id,order_item_id",
                    "ecom_orders InnoDB order_id",
                    "ecom_products InnoDB product_id");
        }
    }

    @Test
    void loadingAgainWritesNothing() throws SQLException {
        server.createUser("demo", "demo-pw", "ALL PRIVILEGES ON ECommerceData.*");
        String url = server.jdbcUrl("");
        SAMPLE.load(url, "demo", "demo-pw", LoadListener.silent());
        String binlogBefore = binlogPosition();
        List<String> kept = new ArrayList<>();

        LoadReport again = SAMPLE.load(url, "demo", "demo-pw", new LoadListener() {
            @Override
            public void rowsLoaded(String table, long rowsLoaded, long rowsTotal) {
                kept.add("loaded " + table);
            }

            @Override
            public void tableKept(String table, long rows) {
                kept.add(table + " " + rows);
            }
        });

        assertThat(again.keptAll()).isTrue();
        assertThat(again.rowsLoaded()).isZero();
        assertThat(kept).containsExactly("ecom_customers 3000", "ecom_products 500", "ecom_orders 10000",
                "ecom_order_items " + SAMPLE.orderItemCount());
        assertThat(binlogPosition()).isEqualTo(binlogBefore);
    }

    @Test
    void anEmptiedTableIsLoadedAgainAndTheOthersKeepTheirChanges() throws SQLException {
        SAMPLE.load(server, LoadListener.silent());
        server.execute("DELETE FROM ECommerceData.ecom_products",
                "UPDATE ECommerceData.ecom_orders SET order_status = 'canceled' LIMIT 1");

        LoadReport report = SAMPLE.load(server, LoadListener.silent());

        assertThat(report.tables()).extracting(LoadReport.TableReport::outcome).containsExactly(
                LoadReport.Outcome.KEPT, LoadReport.Outcome.LOADED, LoadReport.Outcome.KEPT, LoadReport.Outcome.KEPT);
        assertThat(counts()).containsExactly(3_000L, 500L, 10_000L, SAMPLE.orderItemCount());
        try (Connection connection = connect()) {
            long canceled = SAMPLE.orders().filter(order -> order.orderStatus().equals("canceled")).count();
            assertThat(scalar(connection, "SELECT COUNT(*) FROM ecom_orders WHERE order_status = 'canceled'"))
                    .isBetween(canceled, canceled + 1);
        }
    }

    @Test
    void aUserWhoMayNotCreateTheTablesIsToldWhatItNeeds() {
        server.createUser("reader", "reader-pw", "SELECT ON ECommerceData.*");

        assertThatThrownBy(() -> SAMPLE.load(server.jdbcUrl(""), "reader", "reader-pw", LoadListener.silent()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'CREATE DATABASE IF NOT EXISTS `ECommerceData`' was refused")
                .hasMessageContaining("The user needs CREATE, SELECT and INSERT on ECommerceData.*");
    }

    private static List<Long> counts() throws SQLException {
        List<Long> counts = new ArrayList<>();
        try (Connection connection = connect()) {
            for (String table : TABLES) {
                counts.add(scalar(connection, "SELECT COUNT(*) FROM " + table));
            }
        }
        return counts;
    }

    private static String binlogPosition() throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(""), "root", "");
                Statement statement = connection.createStatement();
                ResultSet status = statement.executeQuery("SHOW MASTER STATUS")) {
            status.next();
            return status.getString("File") + ":" + status.getLong("Position");
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(ECommerceSample.DATABASE), "root", "");
    }

    private static long scalar(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static Order readOrder(Connection connection, String orderId) throws SQLException {
        try (ResultSet row = query(connection, "SELECT * FROM ecom_orders WHERE order_id = ?", orderId)) {
            return new Order(row.getString("order_id"), row.getString("customer_id"), row.getString("order_status"),
                    dateTime(row, "order_purchase_timestamp"), dateTime(row, "order_approved_at"),
                    dateTime(row, "order_delivered_carrier_date"), dateTime(row, "order_delivered_customer_date"),
                    dateTime(row, "order_estimated_delivery_date"));
        }
    }

    private static OrderItem readItem(Connection connection, String orderId, int itemId) throws SQLException {
        try (ResultSet row = query(connection, "SELECT * FROM ecom_order_items WHERE order_id = ? AND order_item_id = ?",
                orderId, itemId)) {
            return new OrderItem(row.getString("order_id"), row.getInt("order_item_id"), row.getString("product_id"),
                    row.getString("seller_id"), dateTime(row, "shipping_limit_date"), row.getBigDecimal("price"),
                    row.getObject("freight_value", BigDecimal.class));
        }
    }

    private static Product readProduct(Connection connection, String productId) throws SQLException {
        try (ResultSet row = query(connection, "SELECT * FROM ecom_products WHERE product_id = ?", productId)) {
            return new Product(row.getString("product_id"), row.getString("product_category_name"),
                    row.getObject("product_name_lenght", Integer.class),
                    row.getObject("product_description_lenght", Integer.class),
                    row.getObject("product_photos_qty", Integer.class), row.getInt("product_weight_g"),
                    row.getInt("product_length_cm"), row.getInt("product_height_cm"), row.getInt("product_width_cm"));
        }
    }

    private static Customer readCustomer(Connection connection, String customerId) throws SQLException {
        try (ResultSet row = query(connection, "SELECT * FROM ecom_customers WHERE customer_id = ?", customerId)) {
            return new Customer(row.getString("customer_id"), row.getString("customer_unique_id"),
                    row.getString("customer_zip_code_prefix"), row.getString("customer_city"),
                    row.getString("customer_state"));
        }
    }

    /** The one row {@code sql} finds, positioned on; closing it closes its statement. */
    private static ResultSet query(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.closeOnCompletion();
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        ResultSet result = statement.executeQuery();
        assertThat(result.next()).as("a row for %s", List.of(parameters)).isTrue();
        return result;
    }

    private static LocalDateTime dateTime(ResultSet row, String column) throws SQLException {
        return row.getObject(column, LocalDateTime.class);
    }
}
