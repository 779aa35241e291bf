package io.tapflow.demo.sample;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A table of the sample: its columns, each with its SQL type and where its value comes from in a row
 * record, and its primary key. The four tables are defined here, in the order they are loaded.
 */
record SampleTable<R>(String name, List<Column<R>> columns, List<String> primaryKey) {

    /** A column, its SQL type, and its value in a row. */
    record Column<R>(String name, String sqlType, Function<R, Object> value) {
    }

    static final SampleTable<Customer> CUSTOMERS = new SampleTable<>(ECommerceSample.CUSTOMERS, List.of(
            new Column<>("customer_id", "VARCHAR(32) NOT NULL", Customer::customerId),
            new Column<>("customer_unique_id", "VARCHAR(32) NOT NULL", Customer::customerUniqueId),
            new Column<>("customer_zip_code_prefix", "VARCHAR(5) NOT NULL", Customer::customerZipCodePrefix),
            new Column<>("customer_city", "VARCHAR(64) NOT NULL", Customer::customerCity),
            new Column<>("customer_state", "CHAR(2) NOT NULL", Customer::customerState)),
            List.of("customer_id"));

    static final SampleTable<Product> PRODUCTS = new SampleTable<>(ECommerceSample.PRODUCTS, List.of(
            new Column<>("product_id", "VARCHAR(32) NOT NULL", Product::productId),
            new Column<>("product_category_name", "VARCHAR(64) NULL", Product::productCategoryName),
            new Column<>("product_name_lenght", "INT NULL", Product::productNameLenght),
            new Column<>("product_description_lenght", "INT NULL", Product::productDescriptionLenght),
            new Column<>("product_photos_qty", "INT NULL", Product::productPhotosQty),
            // Olist has products without sizes; the sample's all have them.
            new Column<>("product_weight_g", "INT NULL", Product::productWeightG),
            new Column<>("product_length_cm", "INT NULL", Product::productLengthCm),
            new Column<>("product_height_cm", "INT NULL", Product::productHeightCm),
            new Column<>("product_width_cm", "INT NULL", Product::productWidthCm)),
            List.of("product_id"));

    static final SampleTable<Order> ORDERS = new SampleTable<>(ECommerceSample.ORDERS, List.of(
            new Column<>("order_id", "VARCHAR(32) NOT NULL", Order::orderId),
            new Column<>("customer_id", "VARCHAR(32) NOT NULL", Order::customerId),
            new Column<>("order_status", "VARCHAR(20) NOT NULL", Order::orderStatus),
            new Column<>("order_purchase_timestamp", "DATETIME NOT NULL", Order::orderPurchaseTimestamp),
            new Column<>("order_approved_at", "DATETIME NULL", Order::orderApprovedAt),
            new Column<>("order_delivered_carrier_date", "DATETIME NULL", Order::orderDeliveredCarrierDate),
            new Column<>("order_delivered_customer_date", "DATETIME NULL", Order::orderDeliveredCustomerDate),
            new Column<>("order_estimated_delivery_date", "DATETIME NOT NULL", Order::orderEstimatedDeliveryDate)),
            List.of("order_id"));

    static final SampleTable<OrderItem> ORDER_ITEMS = new SampleTable<>(ECommerceSample.ORDER_ITEMS, List.of(
            new Column<>("order_id", "VARCHAR(32) NOT NULL", OrderItem::orderId),
            new Column<>("order_item_id", "INT NOT NULL", OrderItem::orderItemId),
            new Column<>("product_id", "VARCHAR(32) NOT NULL", OrderItem::productId),
            new Column<>("seller_id", "VARCHAR(32) NOT NULL", OrderItem::sellerId),
            new Column<>("shipping_limit_date", "DATETIME NOT NULL", OrderItem::shippingLimitDate),
            new Column<>("price", "DECIMAL(10,2) NOT NULL", OrderItem::price),
            new Column<>("freight_value", "DECIMAL(10,2) NOT NULL", OrderItem::freightValue)),
            List.of("order_id", "order_item_id"));

    /** {@code CREATE TABLE IF NOT EXISTS} for this table in {@code database}, on InnoDB. */
    String createStatement(String database) {
        String columnList = columns.stream()
                .map(column -> quote(column.name()) + " " + column.sqlType())
                .collect(Collectors.joining(", "));
        String key = primaryKey.stream().map(SampleTable::quote).collect(Collectors.joining(", "));
        return "CREATE TABLE IF NOT EXISTS " + qualifiedName(database) + " (" + columnList + ", PRIMARY KEY (" + key
                + ")) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
    }

    /** {@code INSERT} of {@code rows} rows at once, with a parameter for each value. */
    String insertStatement(String database, int rows) {
        String names = columns.stream().map(column -> quote(column.name())).collect(Collectors.joining(", "));
        String row = "(" + "?, ".repeat(columns.size() - 1) + "?)";
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(qualifiedName(database))
                .append(" (").append(names).append(") VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(row);
        }
        return sql.toString();
    }

    String qualifiedName(String database) {
        return quote(database) + "." + quote(name);
    }

    static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
