package io.tapflow.connect.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MySqlGrantsTest {

    private static final MySqlServerInfo MARIADB_11 = new MySqlServerInfo(MySqlFlavor.MARIADB, "11.4.5", 1);
    private static final MySqlServerInfo MARIADB_10_4 = new MySqlServerInfo(MySqlFlavor.MARIADB, "10.4.34", 1);
    private static final MySqlServerInfo MYSQL_8 = new MySqlServerInfo(MySqlFlavor.MYSQL, "8.0.36", 1);

    @Test
    void mariaDbListsReplicationClientAsBinlogMonitor() {
        MySqlGrants grants = MySqlGrants.parse(List.of("GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE,"
                + " BINLOG MONITOR ON *.* TO `tapflow`@`%` IDENTIFIED BY PASSWORD '*7B9EBEED26AA52ED10C0F549FA863F13'"));

        assertThat(grants.missingGlobal(MARIADB_11)).isEmpty();
        assertThat(grants.canSelect("anything")).isTrue();
    }

    @Test
    void missingPrivilegesAreNamedAsTheServerCallsThem() {
        MySqlGrants grants = MySqlGrants.parse(List.of("GRANT SELECT, RELOAD ON *.* TO `tapflow`@`%`"));

        assertThat(grants.missingGlobal(MARIADB_11))
                .containsOnlyKeys("SHOW DATABASES", "REPLICATION SLAVE", "BINLOG MONITOR");
        assertThat(grants.missingGlobal(MARIADB_10_4))
                .containsOnlyKeys("SHOW DATABASES", "REPLICATION SLAVE", "REPLICATION CLIENT");
        assertThat(grants.missingGlobal(MYSQL_8).keySet())
                .containsExactly("SHOW DATABASES", "REPLICATION SLAVE", "REPLICATION CLIENT");
    }

    @Test
    void allPrivilegesOnEverythingCoversEverything() {
        MySqlGrants grants = MySqlGrants.parse(List.of("GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION"));

        assertThat(grants.missingGlobal(MYSQL_8)).isEmpty();
        assertThat(grants.canSelect("shop")).isTrue();
    }

    @Test
    void mySqlReplicaSynonymsAndDynamicPrivilegesCount() {
        MySqlGrants grants = MySqlGrants.parse(List.of(
                "GRANT RELOAD, SHOW DATABASES, REPLICATION CLIENT ON *.* TO `tapflow`@`%`",
                "GRANT BACKUP_ADMIN,REPLICATION_SLAVE_ADMIN ON *.* TO `tapflow`@`%`",
                "GRANT REPLICATION REPLICA ON *.* TO `tapflow`@`%`"));

        assertThat(grants.missingGlobal(MYSQL_8)).isEmpty();
    }

    @Test
    void selectOnTheDatabaseOrItsTablesIsEnoughButNotOnAnotherDatabase() {
        MySqlGrants database = MySqlGrants.parse(List.of("GRANT USAGE ON *.* TO `u`@`%`",
                "GRANT SELECT, INSERT ON `shop`.* TO `u`@`%`"));
        MySqlGrants table = MySqlGrants.parse(List.of("GRANT SELECT ON `shop`.`orders` TO `u`@`%`"));
        MySqlGrants all = MySqlGrants.parse(List.of("GRANT ALL PRIVILEGES ON `shop`.* TO `u`@`%`"));

        assertThat(database.canSelect("shop")).isTrue();
        assertThat(database.canSelect("other")).isFalse();
        assertThat(table.canSelect("shop")).isTrue();
        assertThat(all.canSelect("shop")).isTrue();
        assertThat(all.missingGlobal(MARIADB_11)).hasSize(4);
    }

    @Test
    void databaseNamesInGrantsAreLikePatterns() {
        MySqlGrants grants = MySqlGrants.parse(List.of("GRANT SELECT ON `shop_%`.* TO `u`@`%`",
                "GRANT SELECT ON `exact\\_name`.* TO `u`@`%`", "GRANT SELECT ON `odd``name`.* TO `u`@`%`"));

        assertThat(grants.canSelect("shop_eu")).isTrue();
        assertThat(grants.canSelect("shop")).isFalse();
        assertThat(grants.canSelect("exact_name")).isTrue();
        assertThat(grants.canSelect("exactxname")).isFalse();
        assertThat(grants.canSelect("odd`name")).isTrue();
    }

    @Test
    void columnRoleProxyAndRoutineGrantsAddNothing() {
        MySqlGrants grants = MySqlGrants.parse(List.of(
                "GRANT `cdc_role` TO `u`@`%`",
                "GRANT PROXY ON ''@'%' TO 'u'@'%' WITH GRANT OPTION",
                "GRANT SELECT (`Host`), INSERT ON `mysql`.`user` TO `u`@`%`",
                "GRANT EXECUTE ON PROCEDURE `shop`.`refresh` TO `u`@`%`",
                "SET DEFAULT ROLE `cdc_role` FOR `u`@`%`"));

        assertThat(grants.canSelect("mysql")).isFalse();
        assertThat(grants.canSelect("shop")).isFalse();
        assertThat(grants.missingGlobal(MARIADB_11)).hasSize(4);
    }

    @Test
    void privilegesOfAnActiveRoleCount() {
        MySqlGrants grants = MySqlGrants.parse(List.of(
                "GRANT `cdc` TO `u`@`%`",
                "GRANT SELECT ON `shop`.* TO `u`@`%`",
                "GRANT RELOAD, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO `cdc`"));

        assertThat(grants.missingGlobal(MARIADB_11)).isEmpty();
    }
}
