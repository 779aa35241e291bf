package io.tapflow.runtime.inspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tapflow.DataSource;
import io.tapflow.DataSourceKind;
import io.tapflow.Secret;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Reads the tables of a mysql data source over JDBC (the MariaDB driver, which speaks to MySQL and MariaDB
 * alike), as the data source's user: {@code count} is {@code SELECT COUNT(*)}, {@code first} returns rows in
 * primary-key order (in the server's order for a table without one). Values become plain Java values:
 * {@code DECIMAL} a {@link java.math.BigDecimal}, {@code DATETIME} a {@link LocalDateTime}, {@code TIMESTAMP}
 * an {@link Instant}, {@code DATE} a {@link LocalDate}, {@code TIME} a {@link LocalTime}, binary columns a
 * {@code byte[]}, a {@code JSON} column (on MySQL) its maps and lists.
 */
public final class MySqlTableReader implements TableReader {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final JsonMapper JSON = new JsonMapper();

    private final String dataSource;
    private final String address;
    private final String database;
    private final Connection connection;

    private MySqlTableReader(String dataSource, String address, String database, Connection connection) {
        this.dataSource = dataSource;
        this.address = address;
        this.database = database;
        this.connection = connection;
    }

    /**
     * Connects to the server of a mysql data source as its user.
     *
     * @throws IllegalStateException if the server does not answer within 10 s or refuses the login
     * @throws IllegalArgumentException if it is not a mysql data source
     */
    public static MySqlTableReader open(DataSource source) {
        if (source.kind() != DataSourceKind.MYSQL) {
            throw new IllegalArgumentException("data source '" + source.name() + "' is a " + source.kind()
                    + " data source, not a mysql one");
        }
        String host = String.valueOf(source.setting("host"));
        String address = host + ":" + source.setting("port");
        String database = String.valueOf(source.setting("database"));
        Object parameters = source.setting("additionalString");
        String url = "jdbc:mariadb://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + source.setting("port")
                + "/?connectTimeout=" + TIMEOUT.toMillis() + "&socketTimeout=" + READ_TIMEOUT.toMillis()
                + (parameters == null || parameters.toString().isEmpty() ? "" : "&" + parameters);
        Properties credentials = new Properties();
        credentials.setProperty("user", String.valueOf(source.setting("username")));
        if (source.setting("password") instanceof Secret password) {
            credentials.setProperty("password", password.reveal());
        }
        try {
            return new MySqlTableReader(source.name(), address, database, DriverManager.getConnection(url, credentials));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read data source '" + source.name() + "': connecting to " + address
                    + " as user '" + source.setting("username") + "' failed (" + e.getMessage() + "). Fix: check"
                    + " that the server runs and answers there, and that the user may still log in with the saved"
                    + " password.", e);
        }
    }

    @Override
    public String dataSource() {
        return dataSource;
    }

    /** The tables and views of the database, sorted. */
    @Override
    public List<String> tables() {
        return query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME",
                database);
    }

    @Override
    public long count(String table) {
        requireTable(table);
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM " + qualified(table))) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw failed("counting the rows of table '" + table + "'", e);
        }
    }

    @Override
    public List<Map<String, Object>> first(String table, int n) {
        Tables.checkCount(n);
        requireTable(table);
        List<String> key = query("SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ?"
                + " AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION", database, table);
        String sql = "SELECT * FROM " + qualified(table)
                + (key.isEmpty() ? "" : " ORDER BY " + key.stream().map(MySqlTableReader::quote)
                        .collect(Collectors.joining(", ")))
                + " LIMIT " + n;
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            ResultSetMetaData columns = result.getMetaData();
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int column = 1; column <= columns.getColumnCount(); column++) {
                    row.put(columns.getColumnLabel(column), value(result, columns, column));
                }
                rows.add(row);
            }
        } catch (SQLException e) {
            throw failed("reading table '" + table + "'", e);
        }
        return rows;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // The server may have closed the session already: nothing is left to release.
        }
    }

    private static Object value(ResultSet result, ResultSetMetaData columns, int column) throws SQLException {
        String type = columns.getColumnTypeName(column).toUpperCase(Locale.ROOT);
        return switch (columns.getColumnType(column)) {
            case Types.DATE -> result.getObject(column, LocalDate.class);
            case Types.TIME -> result.getObject(column, LocalTime.class);
            // DATETIME is a wall-clock time; TIMESTAMP a point in time.
            case Types.TIMESTAMP -> type.startsWith("TIMESTAMP")
                    ? result.getObject(column, Instant.class)
                    : result.getObject(column, LocalDateTime.class);
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> result.getBytes(column);
            default -> type.equals("JSON") ? json(result.getString(column)) : result.getObject(column);
        };
    }

    /** A JSON column as maps and lists, so that peek prints it nested; left as text if it is not JSON. */
    private static Object json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            return text;
        }
    }

    private void requireTable(String table) {
        List<String> tables = tables();
        if (!tables.contains(table)) {
            throw Tables.unknown(dataSource, "table", table, database, tables, "");
        }
    }

    private List<String> query(String sql, String... parameters) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    values.add(result.getString(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw failed("reading the tables of database '" + database + "'", e);
        }
    }

    private IllegalStateException failed(String what, SQLException e) {
        return new IllegalStateException("cannot read data source '" + dataSource + "' at " + address + ": " + what
                + " failed (" + e.getMessage() + "). Fix: check that the server runs and that the data source's user"
                + " may SELECT in database '" + database + "'.", e);
    }

    private String qualified(String table) {
        return quote(database) + "." + quote(table);
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
