package io.tapflow.demo.sample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Creates the sample's database and tables, and fills each empty table in one transaction, with
 * multi-row {@code INSERT}s: a table is either full or empty, and a table that holds rows is left alone.
 */
final class SampleLoader {

    /**
     * Rows in one {@code INSERT}: large enough that statements cost little (5,000 loads the standard sample
     * in half the time 1,000 takes), small enough to stay far below {@code max_allowed_packet} (about 1 MB
     * a statement for the widest table; the default limit is 16 MB on MariaDB, 64 MB on MySQL 8).
     */
    static final int ROWS_PER_STATEMENT = 5_000;

    /** A table and the rows it should hold. */
    record TableRows<R>(SampleTable<R> table, long count, Supplier<Stream<R>> rows) {
    }

    private final Connection connection;
    private final String database;
    private final LoadListener listener;

    SampleLoader(Connection connection, String database, LoadListener listener) {
        this.connection = connection;
        this.database = database;
        this.listener = listener;
    }

    LoadReport load(List<TableRows<?>> tables) {
        long start = System.nanoTime();
        createSchema(tables);
        List<LoadReport.TableReport> reports = new ArrayList<>();
        for (TableRows<?> table : tables) {
            reports.add(loadIfEmpty(table));
        }
        return new LoadReport(reports, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Creates the database and the tables that are missing. What exists is not even named in a
     * {@code CREATE ... IF NOT EXISTS}: the server would write that to its binlog, and change capture
     * would see a schema change at every demo start.
     */
    private void createSchema(List<TableRows<?>> tables) {
        String sql = "";
        try (Statement statement = connection.createStatement()) {
            Set<String> existing = existingTables();
            if (existing.isEmpty()) {
                sql = "CREATE DATABASE IF NOT EXISTS " + SampleTable.quote(database);
                statement.execute(sql);
            }
            for (TableRows<?> table : tables) {
                if (!existing.contains(table.table().name())) {
                    sql = table.table().createStatement(database);
                    statement.execute(sql);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the sample's tables: " + (sql.isEmpty() ? "" : "'" + sql
                    + "' was refused: ") + e.getMessage() + ". The user needs CREATE, SELECT and INSERT on "
                    + database + ".*", e);
        }
    }

    private Set<String> existingTables() throws SQLException {
        Set<String> tables = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?")) {
            statement.setString(1, database);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    tables.add(result.getString(1));
                }
            }
        }
        return tables;
    }

    private <R> LoadReport.TableReport loadIfEmpty(TableRows<R> rows) {
        String table = rows.table().name();
        long present = count(rows.table());
        if (present > 0) {
            listener.tableKept(table, present);
            return new LoadReport.TableReport(table, LoadReport.Outcome.KEPT, present);
        }
        try {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                insert(rows);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load " + rows.count() + " rows into "
                    + rows.table().qualifiedName(database) + ": " + e.getMessage(), e);
        }
        return new LoadReport.TableReport(table, LoadReport.Outcome.LOADED, rows.count());
    }

    private <R> void insert(TableRows<R> rows) throws SQLException {
        SampleTable<R> table = rows.table();
        List<R> batch = new ArrayList<>(ROWS_PER_STATEMENT);
        long loaded = 0;
        try (PreparedStatement full = connection.prepareStatement(table.insertStatement(database, ROWS_PER_STATEMENT));
                Stream<R> stream = rows.rows().get()) {
            for (Iterator<R> iterator = stream.iterator(); iterator.hasNext(); ) {
                batch.add(iterator.next());
                if (batch.size() == ROWS_PER_STATEMENT) {
                    loaded += execute(full, table, batch);
                    listener.rowsLoaded(table.name(), loaded, rows.count());
                }
            }
        }
        if (!batch.isEmpty()) {
            try (PreparedStatement tail = connection.prepareStatement(table.insertStatement(database, batch.size()))) {
                loaded += execute(tail, table, batch);
            }
            listener.rowsLoaded(table.name(), loaded, rows.count());
        }
    }

    /** Inserts the rows of {@code batch} with {@code statement}, which has room for exactly them, and empties it. */
    private static <R> int execute(PreparedStatement statement, SampleTable<R> table, List<R> batch)
            throws SQLException {
        int parameter = 1;
        for (R row : batch) {
            for (SampleTable.Column<R> column : table.columns()) {
                statement.setObject(parameter++, column.value().apply(row));
            }
        }
        statement.executeUpdate();
        int rows = batch.size();
        batch.clear();
        return rows;
    }

    private long count(SampleTable<?> table) {
        String sql = "SELECT COUNT(*) FROM " + table.qualifiedName(database);
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the rows of " + table.qualifiedName(database) + ": "
                    + e.getMessage(), e);
        }
    }
}
