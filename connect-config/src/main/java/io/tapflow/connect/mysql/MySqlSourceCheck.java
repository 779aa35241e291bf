package io.tapflow.connect.mysql;

import io.tapflow.DataSource;
import io.tapflow.DataSourceKind;
import io.tapflow.Secret;
import io.tapflow.connect.SourceCheckException;
import io.tapflow.connect.SourceCheckException.Problem;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Checks, before anything runs, that the MySQL or MariaDB server behind a {@code mysql} data source is
 * ready for Debezium, and says which server it is:
 * <pre>{@code
 * MySqlServerInfo server = MySqlSourceCheck.check(dataSource);   // or throws SourceCheckException
 * server.connectorClass();   // io.debezium.connector.mariadb.MariaDbConnector for a MariaDB server
 * }</pre>
 * The checks run in this order, and the first that fails throws a {@link SourceCheckException} whose
 * message names the fix:
 * <ol>
 *   <li>the host answers at {@code host:port} within the timeout;</li>
 *   <li>the user can log in with the password;</li>
 *   <li>the database exists and the user may use it;</li>
 *   <li>the server writes a binlog Debezium can read: {@code log_bin} on, {@code binlog_format=ROW},
 *       {@code binlog_row_image=FULL}, {@code server_id} not 0 (the message gives the {@code my.cnf}
 *       lines, and the {@code SET GLOBAL} statements where no restart is needed);</li>
 *   <li>the user has the privileges Debezium needs (the message gives the {@code GRANT} statement for
 *       exactly the missing ones).</li>
 * </ol>
 * The check only reads: it creates, changes and leaves nothing on the server. It keeps no state, and
 * no message, exception or log line it writes contains the password.
 */
public final class MySqlSourceCheck {

    /** How long {@link #check(DataSource)} waits for the server to answer, at each step. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final int ACCESS_DENIED = 1045;
    private static final int HOST_NOT_ALLOWED = 1130;
    private static final int DATABASE_ACCESS_DENIED = 1044;
    private static final int UNKNOWN_DATABASE = 1049;
    private static final List<String> SYSTEM_DATABASES =
            List.of("information_schema", "mysql", "performance_schema", "sys");

    private final String name;
    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final Secret password;
    private final String parameters;
    private final Duration timeout;

    private MySqlSourceCheck(DataSource source, Duration timeout) {
        this.name = source.name();
        this.host = String.valueOf(source.setting("host"));
        this.port = ((Number) source.setting("port")).intValue();
        this.database = String.valueOf(source.setting("database"));
        this.user = String.valueOf(source.setting("username"));
        this.password = (Secret) source.setting("password");
        Object extra = source.setting("additionalString");
        this.parameters = extra == null ? "" : extra.toString();
        this.timeout = timeout;
    }

    /**
     * Checks the server behind a {@code mysql} data source, waiting at most {@link #DEFAULT_TIMEOUT}
     * for each answer; see {@link #check(DataSource, Duration)}.
     */
    public static MySqlServerInfo check(DataSource source) {
        return check(source, DEFAULT_TIMEOUT);
    }

    /**
     * Checks the server behind a {@code mysql} data source: reachable, login, database, binlog settings
     * and privileges, in that order (see the class description).
     *
     * @param timeout how long to wait for the server to answer, at each step
     * @return which server it is, to choose the Debezium connector with
     * @throws SourceCheckException at the first check that fails, with the fix
     * @throws IllegalArgumentException if the data source is not a {@code mysql} one
     */
    public static MySqlServerInfo check(DataSource source, Duration timeout) {
        Objects.requireNonNull(source, "source");
        if (source.kind() != DataSourceKind.MYSQL) {
            throw new IllegalArgumentException("data source '" + source.name() + "' is a " + source.kind()
                    + " data source; MySqlSourceCheck checks mysql ones");
        }
        return new MySqlSourceCheck(source, Objects.requireNonNull(timeout, "timeout")).run();
    }

    /**
     * Finds a table of the data source's database, with its columns and primary key, for a flow that reads
     * it. Change capture keys every row by its primary key: a table without one is refused.
     *
     * @throws SourceCheckException if the server cannot be reached or refuses the login, or the table does not
     *     exist (the message lists the tables there are) or has no primary key; the message names the fix
     */
    public static MySqlTable table(DataSource source, String table) {
        MySqlTable found = describe(source, table);
        if (found.primaryKey().isEmpty()) {
            String database = String.valueOf(source.setting("database"));
            throw new SourceCheckException(source.name(), Problem.NO_PRIMARY_KEY, "table '" + database + "." + table
                    + "' has no primary key, and change capture keys every row by it. Fix: add one (ALTER TABLE "
                    + table + " ADD PRIMARY KEY (...)).", null);
        }
        return found;
    }

    /**
     * Finds a table of the data source's database, with its columns and primary key (empty when it has none),
     * for a caller that words its own refusal of a table without one.
     *
     * @throws SourceCheckException if the server cannot be reached or refuses the login, or the table does not
     *     exist (the message lists the tables there are); the message names the fix
     */
    public static MySqlTable describe(DataSource source, String table) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(table, "table");
        return new MySqlSourceCheck(source, DEFAULT_TIMEOUT).findTable(table);
    }

    private MySqlTable findTable(String table) {
        try (Connection connection = logIn()) {
            List<String> columns = firstColumn(connection, "SELECT COLUMN_NAME FROM information_schema.COLUMNS"
                    + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION", database, table);
            if (columns.isEmpty()) {
                List<String> tables = firstColumn(connection, "SELECT TABLE_NAME FROM information_schema.TABLES"
                        + " WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME", database);
                throw new SourceCheckException(name, Problem.UNKNOWN_TABLE, "database '" + database + "' has no table '"
                        + table + "' (" + (tables.isEmpty() ? "it has no tables" : "its tables: " + String.join(", ", tables))
                        + "). Fix: check the table name, or create the table first.", null);
            }
            List<String> primaryKey = firstColumn(connection, "SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE"
                    + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION",
                    database, table);
            return new MySqlTable(table, columns, primaryKey);
        } catch (SQLException e) {
            throw refused(Problem.UNREACHABLE, "reading table '" + table + "' at " + address() + " failed: "
                    + e.getMessage() + ". Fix: check that the server is up and answers, then try again.", e);
        }
    }

    /** The first column of every row a query with string parameters returns. */
    private static List<String> firstColumn(Connection connection, String sql, String... parameters)
            throws SQLException {
        List<String> values = new ArrayList<>();
        try (var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
        }
        return values;
    }

    private MySqlServerInfo run() {
        try (Connection connection = logIn()) {
            String currentUser = queryRow(connection, "SELECT CURRENT_USER()").getFirst();
            useDatabase(connection, currentUser);
            List<String> server = queryRow(connection, "SELECT VERSION(), @@version_comment, @@global.server_id,"
                    + " @@global.log_bin, @@global.binlog_format, @@global.binlog_row_image");
            MySqlServerInfo info = serverInfo(server.get(0), server.get(1), Long.parseLong(server.get(2)));
            MySqlBinlogSettings binlog = new MySqlBinlogSettings(isOn(server.get(3)), server.get(4), server.get(5),
                    info.serverId());
            binlog.problem(info.flavor(), address()).ifPresent(problem -> {
                throw refused(Problem.BINLOG, problem, null);
            });
            checkPrivileges(connection, info, currentUser);
            return info;
        } catch (SQLException e) {
            throw refused(Problem.UNREACHABLE, "checking the server at " + address() + " failed: " + e.getMessage()
                    + ". Fix: check that the server is up and answers, then save again.", e);
        }
    }

    private Connection logIn() {
        Properties credentials = new Properties();
        credentials.setProperty("user", user);
        if (password != null) {
            credentials.setProperty("password", password.reveal());
        }
        long millis = timeout.toMillis();
        String url = "jdbc:mariadb://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port
                + "/?connectTimeout=" + millis + "&socketTimeout=" + millis
                + (parameters.isEmpty() ? "" : "&" + parameters);
        try {
            return DriverManager.getConnection(url, credentials);
        } catch (SQLException e) {
            throw loginFailure(e);
        }
    }

    private SourceCheckException loginFailure(SQLException e) {
        String fixAddress = "Fix: check .host(\"" + host + "\") and .port(" + port + "), that the server runs and"
                + " listens on that address (bind-address in my.cnf), and that no firewall blocks the port.";
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            switch (cause) {
                case UnknownHostException unknown -> {
                    return refused(Problem.UNREACHABLE, "host '" + host + "' is not known (its name does not"
                            + " resolve). Fix: check .host(\"" + host + "\").", e);
                }
                case ConnectException refused -> {
                    return refused(Problem.UNREACHABLE, "nothing accepts connections at " + address()
                            + " (connection refused). " + fixAddress, e);
                }
                case NoRouteToHostException noRoute -> {
                    return refused(Problem.UNREACHABLE, "there is no route to " + address() + ". " + fixAddress, e);
                }
                case SocketTimeoutException slow -> {
                    return refused(Problem.UNREACHABLE, "no MySQL or MariaDB server answered at " + address()
                            + " within " + timeout.toSeconds() + " s. " + fixAddress, e);
                }
                default -> {
                }
            }
        }
        String serverSaid = " (the server said: " + e.getMessage() + ")";
        return switch (e.getErrorCode()) {
            case ACCESS_DENIED -> refused(Problem.LOGIN_REFUSED, "user '" + user + "' cannot log in to " + address()
                    + serverSaid + ". Fix: " + (password == null ? "no password was given: add .password(...)."
                    : "check the password given to .password(...); if it is right, the user may not exist for"
                    + " connections from this machine: as an administrator, run CREATE USER '" + user
                    + "'@'%' IDENTIFIED BY '<password>'; (or name this machine's address instead of '%')."), e);
            case HOST_NOT_ALLOWED -> refused(Problem.LOGIN_REFUSED, "the server at " + address() + " does not let user '"
                    + user + "' connect from this machine" + serverSaid + ". Fix: as an administrator, run CREATE USER '"
                    + user + "'@'%' IDENTIFIED BY '<password>'; (or name this machine's address instead of '%').", e);
            default -> refused(Problem.LOGIN_REFUSED, "user '" + user + "' cannot open a session on " + address()
                    + serverSaid + ". Fix: check that " + address() + " is a MySQL or MariaDB server and that the"
                    + " user may log in" + (e.getMessage() != null && e.getMessage().contains("RSA public key")
                    ? "; for MySQL's caching_sha2_password without TLS, add .additionalString(\"allowPublicKeyRetrieval=true\")"
                    : "") + ".", e);
        };
    }

    private void useDatabase(Connection connection, String currentUser) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("USE " + quoteName(database));
        } catch (SQLException e) {
            if (e.getErrorCode() == UNKNOWN_DATABASE) {
                List<String> visible = visibleDatabases(connection);
                throw refused(Problem.UNKNOWN_DATABASE, "database '" + database + "' does not exist on " + address()
                        + (visible.isEmpty() ? "" : " (user '" + user + "' sees: " + String.join(", ", visible) + ")")
                        + ". Fix: correct .database(\"" + database + "\"), or create the database: CREATE DATABASE "
                        + quoteName(database) + ";", e);
            }
            if (e.getErrorCode() == DATABASE_ACCESS_DENIED) {
                throw refused(Problem.UNKNOWN_DATABASE, "user '" + user + "' may not use database '" + database
                        + "' on " + address() + ": it does not exist, or the user has no privilege on it. Fix: correct"
                        + " .database(\"" + database + "\"), or as an administrator run CREATE DATABASE IF NOT EXISTS "
                        + quoteName(database) + "; GRANT SELECT ON " + quoteName(database) + ".* TO "
                        + account(currentUser) + ";", e);
            }
            throw e;
        }
    }

    private List<String> visibleDatabases(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SHOW DATABASES")) {
            while (result.next()) {
                String name = result.getString(1);
                if (!SYSTEM_DATABASES.contains(name.toLowerCase(Locale.ROOT))) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private void checkPrivileges(Connection connection, MySqlServerInfo server, String currentUser)
            throws SQLException {
        // SHOW GRANTS without FOR also lists the privileges of the user's active roles.
        MySqlGrants grants = MySqlGrants.parse(queryColumn(connection, "SHOW GRANTS"));
        Map<String, String> missing = grants.missingGlobal(server);
        boolean canSelect = grants.canSelect(database);
        if (missing.isEmpty() && canSelect) {
            return;
        }
        List<String> lacks = new ArrayList<>();
        List<String> statements = new ArrayList<>();
        if (!canSelect) {
            lacks.add("SELECT on " + quoteName(database) + " (to read the tables' rows in the snapshot)");
            statements.add("GRANT SELECT ON " + quoteName(database) + ".* TO " + account(currentUser) + ";");
        }
        missing.forEach((privilege, why) -> lacks.add(privilege + " (" + why + ")"));
        if (!missing.isEmpty()) {
            statements.add("GRANT " + String.join(", ", missing.keySet()) + " ON *.* TO " + account(currentUser) + ";");
        }
        throw refused(Problem.PRIVILEGES, "user " + account(currentUser) + " lacks privileges that Debezium needs: "
                + String.join(", ", lacks) + ". Fix: as an administrator, run " + String.join(" ", statements), null);
    }

    private static MySqlServerInfo serverInfo(String version, String comment, long serverId) {
        boolean mariaDb = version.toLowerCase(Locale.ROOT).contains("mariadb")
                || (comment != null && comment.toLowerCase(Locale.ROOT).contains("mariadb"));
        int suffix = version.indexOf('-');
        return new MySqlServerInfo(mariaDb ? MySqlFlavor.MARIADB : MySqlFlavor.MYSQL,
                suffix < 0 ? version : version.substring(0, suffix), serverId);
    }

    private static boolean isOn(String logBin) {
        return "1".equals(logBin) || "ON".equalsIgnoreCase(logBin);
    }

    private String address() {
        return host + ":" + port;
    }

    private SourceCheckException refused(Problem problem, String details, Throwable cause) {
        return new SourceCheckException(name, problem, details, cause);
    }

    /** {@code 'user'@'host'} from {@code CURRENT_USER()}'s {@code user@host}, as GRANT statements want it. */
    private static String account(String currentUser) {
        int at = currentUser.lastIndexOf('@');
        return quoteString(currentUser.substring(0, at)) + "@" + quoteString(currentUser.substring(at + 1));
    }

    private static String quoteString(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private static String quoteName(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static List<String> queryRow(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            List<String> row = new ArrayList<>();
            for (int column = 1; column <= result.getMetaData().getColumnCount(); column++) {
                row.add(result.getString(column));
            }
            return row;
        }
    }

    private static List<String> queryColumn(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            List<String> column = new ArrayList<>();
            while (result.next()) {
                column.add(result.getString(1));
            }
            return column;
        }
    }
}
