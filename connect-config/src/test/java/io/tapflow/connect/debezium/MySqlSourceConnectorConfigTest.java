package io.tapflow.connect.debezium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapflow.DataSource;
import io.tapflow.connect.mysql.MySqlFlavor;
import io.tapflow.connect.mysql.MySqlServerInfo;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every name in a data source's connector config comes from the data source's name. */
class MySqlSourceConnectorConfigTest {

    private static final MySqlServerInfo MARIADB = new MySqlServerInfo(MySqlFlavor.MARIADB, "11.4.5", 1);
    private static final MySqlServerInfo MYSQL = new MySqlServerInfo(MySqlFlavor.MYSQL, "8.0.36", 1);

    private static final DataSource CRM = DataSource.mysql("MySQL_ECommerce").host("127.0.0.1").port(3307)
            .database("ECommerceData").username("tapflow").password("pw-never-in-config")
            .timezone("+08:00").additionalString("connectTimeout=5000&useSSL=false").asSource();

    @Test
    void mariaDbSourceCapturingTwoTables() {
        Map<String, String> config = MySqlSourceConnectorConfig.of(CRM, MARIADB, List.of("ecom_orders", "ecom_customers"),
                "${file:/s.properties:MySQL_ECommerce.password}", "127.0.0.1:9092", Map.of("value.converter", "x.Json"));
        assertThat(config)
                .containsEntry("name", "tapflow-source-MySQL_ECommerce")
                .containsEntry("connector.class", "io.debezium.connector.mariadb.MariaDbConnector")
                .containsEntry("database.hostname", "127.0.0.1")
                .containsEntry("database.port", "3307")
                .containsEntry("database.password", "${file:/s.properties:MySQL_ECommerce.password}")
                .containsEntry("topic.prefix", "tapflow.MySQL_ECommerce")
                .containsEntry("table.include.list", "ECommerceData\\.ecom_customers,ECommerceData\\.ecom_orders")
                .containsEntry("schema.history.internal.kafka.topic", "tapflow.MySQL_ECommerce.schema-history")
                .containsEntry("signal.kafka.topic", "tapflow.MySQL_ECommerce.signal")
                .containsEntry("driver.connectionTimeZone", "+08:00")
                .containsEntry("driver.connectTimeout", "5000")
                .containsEntry("driver.useSSL", "false")
                .containsEntry("value.converter", "x.Json");
        assertThat(config.toString()).doesNotContain("pw-never-in-config");
        assertThat(Long.parseLong(config.get("database.server.id")))
                .isEqualTo(MySqlSourceConnectorConfig.serverId("MySQL_ECommerce")).isGreaterThanOrEqualTo(5400);
    }

    @Test
    void capturedTablesAreReadBackFromTheConfig() {
        Map<String, String> config = MySqlSourceConnectorConfig.of(CRM, MARIADB, List.of("ecom_orders", "ecom_customers"),
                "p", "b:1", Map.of());
        assertThat(MySqlSourceConnectorConfig.capturedTables(config)).containsExactly("ecom_customers", "ecom_orders");
        assertThat(MySqlSourceConnectorConfig.capturedTables(Map.of())).isEmpty();
    }

    @Test
    void eachSetOfTablesReadsSignalsWithItsOwnConsumerGroup() {
        String one = MySqlSourceConnectorConfig.of(CRM, MARIADB, List.of("a"), "p", "b:1", Map.of())
                .get("signal.kafka.groupId");
        String two = MySqlSourceConnectorConfig.of(CRM, MARIADB, List.of("b", "a"), "p", "b:1", Map.of())
                .get("signal.kafka.groupId");
        assertThat(one).startsWith("tapflow-source-MySQL_ECommerce.signal.").isNotEqualTo(two);
        assertThat(MySqlSourceConnectorConfig.of(CRM, MARIADB, List.of("a", "b"), "p", "b:1", Map.of()))
                .containsEntry("signal.kafka.groupId", two);
    }

    @Test
    void notificationsGoToTheDataSourcesTopicWithTheirFieldsInHeaders() {
        Map<String, String> config = MySqlSourceConnectorConfig.of(CRM, MARIADB, List.of("a"), "p", "b:1", Map.of());
        assertThat(MySqlSourceConnectorConfig.notificationTopic("MySQL_ECommerce"))
                .isEqualTo("tapflow.MySQL_ECommerce.notifications");
        assertThat(config)
                .containsEntry("notification.enabled.channels", "sink")
                .containsEntry("notification.sink.topic.name", "tapflow.MySQL_ECommerce.notifications")
                .containsEntry("transforms.notificationHeaders.headers", "tapflow.notification.aggregate_type,"
                        + "tapflow.notification.type,tapflow.notification.additional_data")
                .containsEntry("transforms.notificationHeaders.predicate", "isNotification")
                .containsEntry("header.converter", "org.apache.kafka.connect.storage.SimpleHeaderConverter");
        Pattern onlyNotifications = Pattern.compile(
                config.get("predicates.isNotification.pattern"));
        assertThat(onlyNotifications.matcher("tapflow.MySQL_ECommerce.notifications").matches()).isTrue();
        assertThat(onlyNotifications.matcher("tapflow.MySQL_ECommerce.ECommerceData.a").matches()).isFalse();
        assertThat(onlyNotifications.matcher("tapflow.MySQL_ECommerceXnotifications").matches()).isFalse();
    }

    @Test
    void mySqlServerGetsTheMySqlConnector() {
        assertThat(MySqlSourceConnectorConfig.of(CRM, MYSQL, List.of("t"), "p", "b:1", Map.of()))
                .containsEntry("connector.class", "io.debezium.connector.mysql.MySqlConnector");
    }

    @Test
    void refusesATargetOrNoTables() {
        DataSource mongo = DataSource.mongodb("m").uri("mongodb://h/db").asTarget();
        assertThatThrownBy(() -> MySqlSourceConnectorConfig.of(mongo, MARIADB, List.of("t"), "p", "b:1", Map.of()))
                .hasMessageContaining("is mongodb, not mysql");
        assertThatThrownBy(() -> MySqlSourceConnectorConfig.of(CRM, MARIADB, List.of(), "p", "b:1", Map.of()))
                .hasMessageContaining("no table to capture");
    }
}
