package io.tapflow.bench.e2e;

import io.tapflow.testing.mariadb.MariaDbServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The bench's source: an {@code ecom_orders} table with Olist's order columns plus {@code commit_ts
 * DATETIME(3)}, the writer's clock (UTC) when it commits the row, from which latency is measured. One
 * database per pipeline, with the same rows, so that each pipeline snapshots the same data and streams its
 * own inserts.
 *
 * <p>Order {@code i} has the id {@code %032x} of {@code i}, so ids rise with {@code i} and InnoDB appends;
 * its other values are a function of {@code i}, the same in every run.
 */
final class OrdersDatabase {

    static final String TABLE = "ecom_orders";

    private static final String[] STATUSES = {"delivered", "delivered", "delivered", "delivered", "shipped",
        "canceled", "invoiced", "processing", "", "SendError"};
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final LocalDateTime FIRST_PURCHASE = LocalDateTime.of(2017, 1, 1, 0, 0);

    private final MariaDbServer server;

    OrdersDatabase(MariaDbServer server) {
        this.server = server;
    }

    /** Creates database {@code database} with an empty orders table. */
    void create(String database) {
        server.createDatabase(database);
        server.execute("CREATE TABLE " + database + "." + TABLE + " (order_id VARCHAR(32) NOT NULL PRIMARY KEY,"
                + " customer_id VARCHAR(32) NOT NULL, order_status VARCHAR(20) NOT NULL,"
                + " order_purchase_timestamp DATETIME NOT NULL, order_approved_at DATETIME NULL,"
                + " order_delivered_carrier_date DATETIME NULL, order_delivered_customer_date DATETIME NULL,"
                + " order_estimated_delivery_date DATETIME NOT NULL, commit_ts DATETIME(3) NOT NULL)");
    }

    /** Copies every row of one database's table into another's. */
    void copy(String from, String to) {
        server.execute("INSERT INTO " + to + "." + TABLE + " SELECT * FROM " + from + "." + TABLE);
    }

    /** A connection to write orders into {@code database} with; autocommit, so each statement commits. */
    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(database), "root", "");
    }

    /**
     * Inserts orders {@code from} to {@code from + count - 1} in one statement (one transaction), their
     * {@code commit_ts} the writer's clock just before it sends the statement.
     */
    static void insert(Statement statement, long from, int count) throws SQLException {
        StringBuilder sql = new StringBuilder(count * 230).append("INSERT INTO ").append(TABLE).append(" VALUES ");
        String committed = DATETIME.format(LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC));
        for (long i = from; i < from + count; i++) {
            if (i > from) {
                sql.append(',');
            }
            appendRow(sql, i, committed);
        }
        statement.executeUpdate(sql.toString());
    }

    private static void appendRow(StringBuilder sql, long i, String committed) {
        long mix = (i * 0x9E3779B97F4A7C15L) >>> 11;
        LocalDateTime purchased = FIRST_PURCHASE.plusMinutes(mix % (60 * 24 * 600));
        boolean delivered = mix % 20 != 0;
        sql.append("('").append(String.format("%032x", i)).append("','")
                .append(String.format("%032x", (mix >>> 20) % 30_000 * 40_503L)).append("','")
                .append(STATUSES[(int) (mix % STATUSES.length)]).append("','")
                .append(DATETIME.format(purchased)).append("','")
                .append(DATETIME.format(purchased.plusHours(mix % 48))).append("',")
                .append(delivered ? "'" + DATETIME.format(purchased.plusDays(2 + mix % 5)) + "'" : "NULL").append(',')
                .append(delivered ? "'" + DATETIME.format(purchased.plusDays(5 + mix % 25)) + "'" : "NULL").append(",'")
                .append(DATETIME.format(purchased.plusDays(20).toLocalDate().atStartOfDay())).append("','")
                .append(committed).append("')");
    }
}
