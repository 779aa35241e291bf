package io.tapflow.connect.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MySqlBinlogSettingsTest {

    @Test
    void settingsDebeziumCanReadPass() {
        assertThat(new MySqlBinlogSettings(true, "ROW", "FULL", 1).problem(MySqlFlavor.MYSQL, "db:3306")).isEmpty();
        assertThat(new MySqlBinlogSettings(true, "row", "full", 7).problem(MySqlFlavor.MARIADB, "db:3306")).isEmpty();
    }

    @Test
    void binlogOffOnMySqlAsksForARestartWithMySqlsFileName() {
        String problem = new MySqlBinlogSettings(false, "ROW", "FULL", 1).problem(MySqlFlavor.MYSQL, "db:3306").orElseThrow();

        assertThat(problem)
                .startsWith("the MySQL server at db:3306 does not write the binlog that Debezium reads changes from:"
                        + " log_bin is OFF.")
                .contains("restart the server", "\n[mysqld]\nlog_bin = mysql-bin\n")
                .doesNotContain("SET GLOBAL");
    }

    @Test
    void serverIdZeroIsRefusedWithTheLineAndASetGlobal() {
        String problem = new MySqlBinlogSettings(true, "ROW", "FULL", 0).problem(MySqlFlavor.MYSQL, "db:3306").orElseThrow();

        assertThat(problem)
                .contains("server_id is 0", "\n[mysqld]\nserver_id = 1\n", "SET GLOBAL server_id = 1;")
                .doesNotContain("log_bin =");
    }

    @Test
    void everyWrongSettingIsNamedAtOnce() {
        String problem = new MySqlBinlogSettings(true, "MIXED", "NOBLOB", 1).problem(MySqlFlavor.MARIADB, "db:3306")
                .orElseThrow();

        assertThat(problem)
                .contains("binlog_format is MIXED (Debezium needs ROW), binlog_row_image is NOBLOB (Debezium needs FULL)")
                .contains("\n[mysqld]\nbinlog_format = ROW\nbinlog_row_image = FULL\n")
                .contains("SET GLOBAL binlog_format = 'ROW'; SET GLOBAL binlog_row_image = 'FULL';");
    }
}
