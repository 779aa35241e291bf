package io.tapflow.demo.sample;

import io.tapflow.testing.mariadb.MariaDbServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The demo's sample database, {@value #DATABASE}: an online shop's orders, customers, order items and
 * products, with the columns of the public Olist Brazilian e-commerce dataset and values like Olist's
 * (Brazilian cities and states, Portuguese category names, statuses and dates in Olist's proportions, in
 * 2016 to 2018), made up rather than copied.
 * <pre>{@code
 * ECommerceSample sample = ECommerceSample.standard();          // 100,000 orders
 * try (MariaDbServer server = MariaDbServer.start()) {
 *     sample.load(server, (table, loaded, total) -> System.out.println(table + ": " + loaded + "/" + total));
 * }
 * ECommerceSample.withOrders(10_000).orders().limit(3).forEach(System.out::println);
 * }</pre>
 *
 * <p>The sample is generated from a fixed seed: the same rows on every run, machine and JVM. Every row
 * is made from its table and its number alone, so a smaller sample's orders are the first orders of a
 * larger one (their customers and products differ, as there are fewer). Rows are made when they are
 * asked for: the orders and items are never all in memory.
 *
 * <p>Every order's customer exists, and every item's order and product; no two orders share an id.
 * Customers and products are in the ratio of the standard sample: 30,000 customers and 5,000 products
 * for 100,000 orders. Each order has one to three items (about 1.33 on average).
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class ECommerceSample {

    /** The database the sample is loaded into. */
    public static final String DATABASE = "ECommerceData";
    /** The orders table, primary key {@code order_id}. */
    public static final String ORDERS = "ecom_orders";
    /** The customers table, primary key {@code customer_id}. */
    public static final String CUSTOMERS = "ecom_customers";
    /** The order items table, primary key {@code (order_id, order_item_id)}. */
    public static final String ORDER_ITEMS = "ecom_order_items";
    /** The products table, primary key {@code product_id}. */
    public static final String PRODUCTS = "ecom_products";
    /** The orders of {@link #standard()}. */
    public static final int STANDARD_ORDERS = 100_000;

    /** Olist's first order was placed on 4 September 2016. Any fixed number would do. */
    private static final long SEED = 20160904L;
    private static final double CUSTOMERS_PER_ORDER = 0.3;
    private static final double PRODUCTS_PER_ORDER = 0.05;
    /** Olist has about one seller for every ten products. */
    private static final double SELLERS_PER_PRODUCT = 0.1;

    private final int orderCount;
    private final long orderItemCount;
    private final List<Customer> customers;
    private final List<ProductGenerator.Listing> listings;
    private final OrderGenerator orders;

    private ECommerceSample(int orderCount) {
        this.orderCount = orderCount;
        int customerCount = atLeastOne(orderCount * CUSTOMERS_PER_ORDER);
        int productCount = atLeastOne(orderCount * PRODUCTS_PER_ORDER);
        CustomerGenerator customerGenerator = new CustomerGenerator(SEED);
        this.customers = IntStream.range(0, customerCount).mapToObj(customerGenerator::customer).toList();
        ProductGenerator productGenerator = new ProductGenerator(SEED, atLeastOne(productCount * SELLERS_PER_PRODUCT));
        this.listings = IntStream.range(0, productCount).mapToObj(productGenerator::listing).toList();
        this.orders = new OrderGenerator(SEED, customers, listings);
        this.orderItemCount = IntStream.range(0, orderCount).mapToLong(orders::itemCount).sum();
    }

    /** The standard sample: {@value #STANDARD_ORDERS} orders, 30,000 customers and 5,000 products. */
    public static ECommerceSample standard() {
        return withOrders(STANDARD_ORDERS);
    }

    /**
     * A sample with this many orders, and customers and products in the standard sample's ratio (three
     * customers and half a product for every ten orders, at least one of each): {@code withOrders(10_000)}
     * has 3,000 customers and 500 products.
     *
     * @throws IllegalArgumentException if {@code orders} is not positive
     */
    public static ECommerceSample withOrders(int orders) {
        if (orders < 1) {
            throw new IllegalArgumentException("a sample needs at least one order, not " + orders);
        }
        return new ECommerceSample(orders);
    }

    /** The rows of {@value #ORDERS}. */
    public int orderCount() {
        return orderCount;
    }

    /** The rows of {@value #CUSTOMERS}. */
    public int customerCount() {
        return customers.size();
    }

    /** The rows of {@value #PRODUCTS}. */
    public int productCount() {
        return listings.size();
    }

    /** The rows of {@value #ORDER_ITEMS}: one to three for every order. */
    public long orderItemCount() {
        return orderItemCount;
    }

    /** The rows of {@value #CUSTOMERS}, in order; the same at every call. */
    public Stream<Customer> customers() {
        return customers.stream();
    }

    /** The rows of {@value #PRODUCTS}, in order; the same at every call. */
    public Stream<Product> products() {
        return listings.stream().map(ProductGenerator.Listing::product);
    }

    /** The rows of {@value #ORDERS}, in order, made as the stream is read; the same at every call. */
    public Stream<Order> orders() {
        return IntStream.range(0, orderCount).mapToObj(orders::order).map(OrderGenerator.PlacedOrder::order);
    }

    /**
     * The rows of {@value #ORDER_ITEMS}, order by order, made as the stream is read; the same at every call.
     */
    public Stream<OrderItem> orderItems() {
        return IntStream.range(0, orderCount).mapToObj(orders::order).flatMap(order -> order.items().stream());
    }

    /**
     * Loads the sample into {@value #DATABASE} on the server {@code connection} is connected to (MariaDB
     * or MySQL), reporting progress to {@code listener}.
     *
     * <p>Creates the database and the four tables if they are missing ({@code CREATE ... IF NOT EXISTS},
     * InnoDB, with their primary keys), then fills each empty table in one transaction: a table is
     * either loaded whole or left empty. A table that already holds rows is kept as it is, changes made
     * to it since included, so loading again, as a demo does at every start, changes nothing. To load
     * afresh, drop the database first.
     *
     * <p>The connection's default database is not changed; its auto-commit setting is restored. The
     * user needs {@code CREATE}, {@code SELECT} and {@code INSERT} on {@value #DATABASE}. The standard
     * sample (about 270,000 rows) loads in 4 to 6 s into the embedded MariaDB on a busy two-core machine.
     *
     * @return what was loaded and what was kept
     * @throws IllegalStateException naming the statement or table that failed and the server's message;
     *                               the tables loaded before it stay loaded
     */
    public LoadReport load(Connection connection, LoadListener listener) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(listener, "listener");
        // Rows go in in primary-key order: InnoDB then appends to the last page of each table instead of
        // splitting pages all over it: five times faster once a table outgrows the buffer pool.
        return new SampleLoader(connection, DATABASE, listener).load(List.of(
                new SampleLoader.TableRows<>(SampleTable.CUSTOMERS, customerCount(),
                        () -> customers().sorted(Comparator.comparing(Customer::customerId))),
                new SampleLoader.TableRows<>(SampleTable.PRODUCTS, productCount(),
                        () -> products().sorted(Comparator.comparing(Product::productId))),
                new SampleLoader.TableRows<>(SampleTable.ORDERS, orderCount(),
                        () -> ordersInKeyOrder().map(OrderGenerator.PlacedOrder::order)),
                new SampleLoader.TableRows<>(SampleTable.ORDER_ITEMS, orderItemCount(),
                        () -> ordersInKeyOrder().flatMap(order -> order.items().stream()))));
    }

    /**
     * Loads the sample as {@link #load(Connection, LoadListener)} does, over a connection of its own to
     * {@code jdbcUrl} ({@code jdbc:mariadb://host:port/}; for MySQL, the MariaDB driver needs
     * {@code jdbc:mysql://...?permitMysqlScheme}), closed at the end.
     *
     * @throws IllegalStateException if the server cannot be reached or refuses the user, or as
     *                               {@link #load(Connection, LoadListener)}
     */
    public LoadReport load(String jdbcUrl, String user, String password, LoadListener listener) {
        Connection connection;
        try {
            connection = DriverManager.getConnection(jdbcUrl, user, password);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + jdbcUrl + " as '" + user + "' to load the sample: "
                    + e.getMessage(), e);
        }
        try (connection) {
            return load(connection, listener);
        } catch (SQLException e) {
            throw new IllegalStateException("the sample is loaded, but its connection to " + jdbcUrl
                    + " did not close: " + e.getMessage(), e);
        }
    }

    /**
     * Loads the sample as {@link #load(Connection, LoadListener)} does into an embedded MariaDB, as
     * {@code root}.
     */
    public LoadReport load(MariaDbServer server, LoadListener listener) {
        return load(server.jdbcUrl(""), "root", "", listener);
    }

    /** The orders sorted by {@code order_id}; their items, numbered from 1, are then in their key order too. */
    private Stream<OrderGenerator.PlacedOrder> ordersInKeyOrder() {
        String[] ids = IntStream.range(0, orderCount).mapToObj(orders::orderId).toArray(String[]::new);
        return IntStream.range(0, orderCount).boxed()
                .sorted(Comparator.comparing(index -> ids[index]))
                .map(orders::order);
    }

    @Override
    public String toString() {
        return "ECommerceSample[" + orderCount + " orders, " + customerCount() + " customers, " + orderItemCount
                + " order items, " + productCount() + " products]";
    }

    private static int atLeastOne(double count) {
        return (int) Math.max(1, Math.round(count));
    }
}
