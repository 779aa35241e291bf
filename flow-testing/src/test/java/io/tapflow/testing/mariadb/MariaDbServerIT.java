package io.tapflow.testing.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MariaDbServerIT {

    /** The shared datasets beside the checkout; the test that reads them is skipped where they are absent. */
    private static final Path INVENTORY = Path.of(System.getProperty("tapflow.datasets", "../../shared/datasets"),
            "debezium-inventory", "inventory.sql").toAbsolutePath().normalize();

    private static MariaDbServer server;

    @BeforeAll
    static void startServer() {
        server = MariaDbServer.start();
    }

    @AfterAll
    static void closeServer() {
        server.close();
    }

    @Test
    void defaultServerIsMariaDbWithTheBinlogDebeziumNeedsOnLoopback() throws SQLException {
        List<String> row = queryRow(server, "root", "",
                "SELECT VERSION(), @@log_bin, @@binlog_format, @@binlog_row_image, @@server_id, @@bind_address, @@have_ssl");

        assertThat(row).containsExactly("11.4.5-MariaDB-log", "1", "ROW", "FULL", "1", "127.0.0.1", "DISABLED");
    }

    @Test
    void createdUserLogsInWithItsPasswordAndHasItsGrants() throws SQLException {
        server.createDatabase("shop");
        server.createUser("shopper", "it's a \"secret\"", "SELECT, RELOAD", "ALL PRIVILEGES ON shop.*");
        server.execute("CREATE TABLE shop.items (id INT PRIMARY KEY)", "INSERT INTO shop.items VALUES (1)");

        assertThat(queryRow(server, "shopper", "it's a \"secret\"", "SELECT COUNT(*) FROM shop.items"))
                .containsExactly("1");
        assertThat(queryColumn(server, "shopper", "it's a \"secret\"", "SHOW GRANTS"))
                .contains("GRANT ALL PRIVILEGES ON `shop`.* TO `shopper`@`%`")
                .anyMatch(grant -> grant.startsWith("GRANT SELECT, RELOAD ON *.* TO `shopper`@`%`"));
        assertThatThrownBy(() -> queryRow(server, "shopper", "wrong", "SELECT 1"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Access denied");
    }

    @Test
    void loadsDebeziumsInventoryScript() throws SQLException {
        assumeTrue(Files.exists(INVENTORY), "no " + INVENTORY);
        // The script grants to 'mysqluser' without creating it, as Debezium's image does.
        server.createUser("mysqluser", "mysqlpw");

        server.loadSql(INVENTORY);

        assertThat(queryRow(server, "mysqluser", "mysqlpw", "SELECT COUNT(*) FROM inventory.customers"))
                .containsExactly("4");
    }

    @Test
    void loadsScriptsWithDelimitersIntoAGivenDatabase() throws Exception {
        server.createDatabase("scripts");
        Path script = Files.createTempFile("procedure", ".sql");
        Files.writeString(script, """
                CREATE TABLE counter (n INT);
                DELIMITER //
                CREATE PROCEDURE bump() BEGIN INSERT INTO counter VALUES (1); END //
                DELIMITER ;
                CALL bump();
                """);

        server.loadSql(script, "scripts");

        assertThat(queryRow(server, "root", "", "SELECT COUNT(*) FROM scripts.counter")).containsExactly("1");
        Files.delete(script);
    }

    @Test
    void aFailingScriptIsRefusedWithTheLineThatFailed() throws IOException {
        Path script = Files.createTempFile("broken", ".sql");
        Files.writeString(script, "SELECT 1;\nSELEKT 2;\n");

        assertThatThrownBy(() -> server.loadSql(script))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at line 2");
        Files.delete(script);
    }

    @Test
    void serversWithOtherBinlogSettingsRunBesideEachOther() throws SQLException {
        try (MariaDbServer noBinlog = MariaDbServer.builder().withoutBinlog().serverId(7).start();
                MariaDbServer statement = MariaDbServer.builder().binlogFormat("STATEMENT").binlogRowImage("MINIMAL")
                        .start()) {
            assertThat(List.of(server.port(), noBinlog.port(), statement.port())).doesNotHaveDuplicates();
            assertThat(queryRow(noBinlog, "root", "", "SELECT @@log_bin, @@server_id")).containsExactly("0", "7");
            assertThat(queryRow(statement, "root", "", "SELECT @@log_bin, @@binlog_format, @@binlog_row_image"))
                    .containsExactly("1", "STATEMENT", "MINIMAL");
        }
    }

    @Test
    void closeKillsTheServerFreesThePortAndDeletesTheData() {
        MariaDbServer closed = MariaDbServer.builder().withoutBinlog().start();
        Path data = closed.dataDir();
        assertThat(acceptsConnections(closed.port())).isTrue();

        closed.close();

        assertThat(acceptsConnections(closed.port())).isFalse();
        assertThat(data).doesNotExist();
    }

    @Test
    void aServerThatCannotStartIsRefusedWithItsLastWords(@TempDir Path dataDir) {
        assertThatThrownBy(() -> MariaDbServer.builder().dataDir(dataDir).binlogFormat("SIDEWAYS").start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("MariaDB did not start on port ")
                .hasMessageContaining("SIDEWAYS");
    }

    @Test
    void dataInAGivenDirectorySurvivesARestart(@TempDir Path dataDir) throws SQLException {
        try (MariaDbServer first = MariaDbServer.builder().dataDir(dataDir).start()) {
            first.createDatabase("kept");
            first.execute("CREATE TABLE kept.t (v VARCHAR(10))", "INSERT INTO kept.t VALUES ('still here')");
        }
        assertThat(dataDir).isNotEmptyDirectory();

        try (MariaDbServer second = MariaDbServer.builder().dataDir(dataDir).start()) {
            assertThat(queryRow(second, "root", "", "SELECT v FROM kept.t")).containsExactly("still here");
        }
    }

    private static boolean acceptsConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(MariaDbServer.HOST, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> queryRow(MariaDbServer on, String user, String password, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(on.jdbcUrl(""), user, password);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            List<String> row = new ArrayList<>();
            for (int column = 1; column <= result.getMetaData().getColumnCount(); column++) {
                row.add(result.getString(column));
            }
            return row;
        }
    }

    private static List<String> queryColumn(MariaDbServer on, String user, String password, String sql)
            throws SQLException {
        try (Connection connection = DriverManager.getConnection(on.jdbcUrl(""), user, password);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            List<String> column = new ArrayList<>();
            while (result.next()) {
                column.add(result.getString(1));
            }
            return column;
        }
    }
}
