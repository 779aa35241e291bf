package io.tapflow.connect.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MySqlServerInfoTest {

    @Test
    void eachFlavorHasItsDebeziumConnector() {
        assertThat(new MySqlServerInfo(MySqlFlavor.MARIADB, "11.4.5", 1).connectorClass())
                .isEqualTo("io.debezium.connector.mariadb.MariaDbConnector");
        assertThat(new MySqlServerInfo(MySqlFlavor.MYSQL, "8.0.36", 1).connectorClass())
                .isEqualTo("io.debezium.connector.mysql.MySqlConnector");
    }

    @Test
    void versionsCompareNumberByNumber() {
        assertThat(new MySqlServerInfo(MySqlFlavor.MARIADB, "10.5.2", 1).atLeast(10, 5, 2)).isTrue();
        assertThat(new MySqlServerInfo(MySqlFlavor.MARIADB, "10.11.6", 1).atLeast(10, 5, 2)).isTrue();
        assertThat(new MySqlServerInfo(MySqlFlavor.MARIADB, "11.4", 1).atLeast(10, 5, 2)).isTrue();
        assertThat(new MySqlServerInfo(MySqlFlavor.MARIADB, "10.5.1", 1).atLeast(10, 5, 2)).isFalse();
        assertThat(new MySqlServerInfo(MySqlFlavor.MARIADB, "10.4.34", 1).atLeast(10, 5, 2)).isFalse();
    }
}
