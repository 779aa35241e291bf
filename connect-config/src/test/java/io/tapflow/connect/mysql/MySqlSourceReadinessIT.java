package io.tapflow.connect.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tapflow.DataSource;
import io.tapflow.connect.SourceCheckException;
import io.tapflow.connect.SourceCheckException.Problem;
import io.tapflow.testing.mariadb.MariaDbServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A MySQL source is checked against a real MariaDB server before it is saved: a ready one passes and is
 * recognised as MariaDB, and each way of not being ready is refused with a message that names the fix.
 * Two servers serve every test: one ready for Debezium (its binlog format and row image are changed with
 * SET GLOBAL where a test needs them wrong), and one without a binlog.
 */
class MySqlSourceReadinessIT {

    private static final String DATABASE = "ECommerceData";
    private static final String PASSWORD = "pw-7f3a!Secret";
    private static final String WRONG_PASSWORD = "wrong-pw-91c2";

    private static MariaDbServer ready;
    private static MariaDbServer noBinlog;

    @BeforeAll
    static void startServers() {
        ready = MariaDbServer.start();
        noBinlog = MariaDbServer.builder().withoutBinlog().start();
        for (MariaDbServer server : List.of(ready, noBinlog)) {
            server.createDatabase(DATABASE);
            // REPLICATION CLIENT is what Debezium's documentation grants; MariaDB 11 stores it as BINLOG MONITOR.
            server.createUser("tapflow", PASSWORD, "SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT");
        }
        ready.createUser("noreplication", PASSWORD, "SELECT, RELOAD, SHOW DATABASES");
        ready.createUser("noselect", PASSWORD, "RELOAD, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR",
                "INSERT ON " + DATABASE + ".*");
        ready.createUser("selectondatabase", PASSWORD, "RELOAD, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR",
                "SELECT ON " + DATABASE + ".*");
        ready.createUser("outsider", PASSWORD, "REPLICATION SLAVE");
        ready.createUser("admin", PASSWORD, "ALL PRIVILEGES");
    }

    @AfterAll
    static void closeServers() {
        ready.close();
        noBinlog.close();
    }

    @Test
    void aReadySourcePassesAndIsRecognisedAsMariaDb() {
        MySqlServerInfo server = MySqlSourceCheck.check(source(ready, "tapflow", PASSWORD));

        assertThat(server).isEqualTo(new MySqlServerInfo(MySqlFlavor.MARIADB, "11.4.5", 1));
        assertThat(server.connectorClass()).isEqualTo("io.debezium.connector.mariadb.MariaDbConnector");
    }

    @Test
    void usersWithAllPrivilegesOrSelectOnTheDatabaseOnlyPass() {
        assertThat(MySqlSourceCheck.check(source(ready, "admin", PASSWORD)).flavor()).isEqualTo(MySqlFlavor.MARIADB);
        assertThat(MySqlSourceCheck.check(source(ready, "selectondatabase", PASSWORD)).version()).isEqualTo("11.4.5");
    }

    @Test
    void aWrongPasswordIsRefused() {
        SourceCheckException refused = refused(source(ready, "tapflow", WRONG_PASSWORD));

        assertThat(refused.problem()).isEqualTo(Problem.LOGIN_REFUSED);
        assertThat(refused).hasMessageStartingWith("Data source 'MySQL_ECommerce': user 'tapflow' cannot log in to 127.0.0.1:"
                + ready.port()).hasMessageContaining("check the password given to .password(...)");
    }

    @Test
    void aServerWithoutBinlogIsRefusedWithTheMyCnfLinesAndARestart() {
        SourceCheckException refused = refused(source(noBinlog, "tapflow", PASSWORD));

        assertThat(refused.problem()).isEqualTo(Problem.BINLOG);
        // Without log_bin, MariaDB 11.4 also keeps its default binlog_format, MIXED.
        assertThat(refused).hasMessage("Data source 'MySQL_ECommerce': the MariaDB server at 127.0.0.1:" + noBinlog.port()
                + " does not write the binlog that Debezium reads changes from: log_bin is OFF, binlog_format is MIXED"
                + " (Debezium needs ROW). Fix: add these lines under [mysqld] in the server's my.cnf and restart the server"
                + " (log_bin cannot be turned on while it runs):\n[mysqld]\nlog_bin = mariadb-bin\nbinlog_format = ROW\n");
    }

    @Test
    void statementFormatIsRefusedWithTheMyCnfLineAndASetGlobal() {
        SourceCheckException refused = refusedWhile("SET GLOBAL binlog_format = 'STATEMENT'",
                "SET GLOBAL binlog_format = 'ROW'", () -> refused(source(ready, "tapflow", PASSWORD)));

        assertThat(refused.problem()).isEqualTo(Problem.BINLOG);
        assertThat(refused).hasMessage("Data source 'MySQL_ECommerce': the MariaDB server at 127.0.0.1:" + ready.port()
                + " writes a binlog that Debezium cannot read changes from: binlog_format is STATEMENT (Debezium needs ROW)."
                + " Fix: add these lines under [mysqld] in the server's my.cnf, so that they survive a restart:\n[mysqld]\n"
                + "binlog_format = ROW\nand apply them now, as an administrator: SET GLOBAL binlog_format = 'ROW';"
                + " (sessions that are already open keep the old setting until they reconnect).");
    }

    @Test
    void minimalRowImageIsRefusedWithTheMyCnfLineAndASetGlobal() {
        SourceCheckException refused = refusedWhile("SET GLOBAL binlog_row_image = 'MINIMAL'",
                "SET GLOBAL binlog_row_image = 'FULL'", () -> refused(source(ready, "tapflow", PASSWORD)));

        assertThat(refused.problem()).isEqualTo(Problem.BINLOG);
        assertThat(refused).hasMessageContaining("binlog_row_image is MINIMAL (Debezium needs FULL)")
                .hasMessageContaining("\n[mysqld]\nbinlog_row_image = FULL\n")
                .hasMessageContaining("SET GLOBAL binlog_row_image = 'FULL';");
    }

    @Test
    void missingReplicationPrivilegesAreRefusedWithAGrantOfExactlyThose() {
        SourceCheckException refused = refused(source(ready, "noreplication", PASSWORD));

        assertThat(refused.problem()).isEqualTo(Problem.PRIVILEGES);
        assertThat(refused).hasMessage("Data source 'MySQL_ECommerce': user 'noreplication'@'%' lacks privileges that"
                + " Debezium needs: REPLICATION SLAVE (to read the binlog), BINLOG MONITOR (to find the binlog position)."
                + " Fix: as an administrator, run GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'noreplication'@'%';");
    }

    @Test
    void missingSelectIsRefusedWithAGrantOnTheDatabase() {
        SourceCheckException refused = refused(source(ready, "noselect", PASSWORD));

        assertThat(refused.problem()).isEqualTo(Problem.PRIVILEGES);
        assertThat(refused).hasMessageEndingWith("Fix: as an administrator, run GRANT SELECT ON `ECommerceData`.* TO"
                + " 'noselect'@'%';");
    }

    @Test
    void anUnknownDatabaseIsRefusedNamingItAndTheDatabasesThatExist() {
        SourceCheckException refused = refused(source(ready, "tapflow", PASSWORD, "ECommerceDat"));

        assertThat(refused.problem()).isEqualTo(Problem.UNKNOWN_DATABASE);
        assertThat(refused).hasMessage("Data source 'MySQL_ECommerce': database 'ECommerceDat' does not exist on"
                + " 127.0.0.1:" + ready.port() + " (user 'tapflow' sees: ECommerceData). Fix: correct"
                + " .database(\"ECommerceDat\"), or create the database: CREATE DATABASE `ECommerceDat`;");
    }

    @Test
    void aDatabaseTheUserMayNotUseIsRefusedWithTheGrant() {
        SourceCheckException refused = refused(source(ready, "outsider", PASSWORD));

        assertThat(refused.problem()).isEqualTo(Problem.UNKNOWN_DATABASE);
        assertThat(refused).hasMessageContaining("user 'outsider' may not use database 'ECommerceData'")
                .hasMessageEndingWith("GRANT SELECT ON `ECommerceData`.* TO 'outsider'@'%';");
    }

    @Test
    void aClosedPortIsRefusedAsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        DataSource source = DataSource.mysql("MySQL_ECommerce").host("127.0.0.1").port(closedPort).database(DATABASE)
                .username("tapflow").password(PASSWORD).asSource();

        SourceCheckException refused = refused(source);

        assertThat(refused.problem()).isEqualTo(Problem.UNREACHABLE);
        assertThat(refused).hasMessage("Data source 'MySQL_ECommerce': nothing accepts connections at 127.0.0.1:"
                + closedPort + " (connection refused). Fix: check .host(\"127.0.0.1\") and .port(" + closedPort + "),"
                + " that the server runs and listens on that address (bind-address in my.cnf), and that no firewall"
                + " blocks the port.");
    }

    @Test
    void anUnknownHostIsRefusedAsUnreachable() {
        DataSource source = DataSource.mysql("MySQL_ECommerce").host("no-such-host.invalid").database(DATABASE)
                .username("tapflow").password(PASSWORD).asSource();

        SourceCheckException refused = refused(source);

        assertThat(refused.problem()).isEqualTo(Problem.UNREACHABLE);
        assertThat(refused).hasMessage("Data source 'MySQL_ECommerce': host 'no-such-host.invalid' is not known (its"
                + " name does not resolve). Fix: check .host(\"no-such-host.invalid\").");
    }

    @Test
    void failedChecksLeaveTheServerAsTheyFoundIt() throws SQLException {
        List<String> before = serverState(ready);

        refused(source(ready, "tapflow", WRONG_PASSWORD));
        refused(source(ready, "tapflow", PASSWORD, "NewDatabase"));
        refused(source(ready, "noreplication", PASSWORD));

        assertThat(serverState(ready)).isEqualTo(before);
    }

    @Test
    void thePasswordAppearsInNoMessageAndNoLog() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        List<String> texts = new ArrayList<>();
        System.setOut(capture);
        System.setErr(capture);
        try {
            texts.add(source(ready, "tapflow", PASSWORD).toString());
            texts.add(MySqlSourceCheck.check(source(ready, "tapflow", PASSWORD)).toString());
            for (DataSource failing : List.of(source(ready, "tapflow", WRONG_PASSWORD), source(noBinlog, "tapflow", PASSWORD),
                    source(ready, "noreplication", PASSWORD), source(ready, "outsider", PASSWORD),
                    source(ready, "tapflow", PASSWORD, "NoSuchDatabase"))) {
                texts.add(stackTrace(refused(failing)));
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        texts.add(printed.toString(StandardCharsets.UTF_8));

        assertThat(texts).hasSize(8).allSatisfy(text -> assertThat(text).doesNotContain(PASSWORD, WRONG_PASSWORD));
    }

    private static DataSource source(MariaDbServer server, String user, String password) {
        return source(server, user, password, DATABASE);
    }

    private static DataSource source(MariaDbServer server, String user, String password, String database) {
        return DataSource.mysql("MySQL_ECommerce").host(server.host()).port(server.port()).database(database)
                .username(user).password(password).asSource();
    }

    private static SourceCheckException refused(DataSource source) {
        return catchThrowableOfType(SourceCheckException.class, () -> MySqlSourceCheck.check(source));
    }

    /** Runs {@code check} with a global setting changed, and changes it back whatever happens. */
    private static SourceCheckException refusedWhile(String change, String restore, Supplier<SourceCheckException> check) {
        ready.execute(change);
        try {
            return check.get();
        } finally {
            ready.execute(restore);
        }
    }

    private static String stackTrace(Throwable thrown) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    /** Users, databases and binlog settings: what a check must not change. */
    private static List<String> serverState(MariaDbServer server) throws SQLException {
        List<String> state = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(""), "root", "");
                Statement statement = connection.createStatement()) {
            for (String sql : List.of("SELECT CONCAT(user, '@', host) FROM mysql.user ORDER BY 1", "SHOW DATABASES",
                    "SELECT CONCAT_WS(',', @@global.log_bin, @@global.binlog_format, @@global.binlog_row_image)")) {
                try (ResultSet result = statement.executeQuery(sql)) {
                    while (result.next()) {
                        state.add(result.getString(1));
                    }
                }
            }
        }
        return state;
    }
}
