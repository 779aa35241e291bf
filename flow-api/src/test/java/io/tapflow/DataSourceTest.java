package io.tapflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

/** Data source definitions: the original's keys, required settings, and secrets that never print. */
class DataSourceTest {

    private static MySqlDataSource crm() {
        return DataSource.mysql("MySQL_ECommerce").host("127.0.0.1").database("ECommerceData")
                .username("tapflow").password("s3cr3t-pw");
    }

    @Test
    void mysqlSourceWithDefaults() {
        DataSource source = crm().timezone("+08:00").additionalString("useSSL=false").asSource();
        assertThat(source.kind()).isEqualTo(DataSourceKind.MYSQL);
        assertThat(source.role()).isEqualTo(DataSource.Role.SOURCE);
        assertThat(source.setting("port")).isEqualTo(3306);
        assertThat(source.setting("password")).isInstanceOf(Secret.class);
        assertThat(((Secret) source.setting("password")).reveal()).isEqualTo("s3cr3t-pw");
    }

    @Test
    void passwordNeverPrints() {
        DataSource source = crm().asSource();
        assertThat(source.toString()).doesNotContain("s3cr3t-pw").contains("******");
        assertThat(source.desc()).doesNotContain("s3cr3t-pw").contains("\"password\" : \"******\"");
        DataSource mongo = DataSource.mongodb("MongoDB_ECommerce")
                .uri("mongodb://app:m0ng0-pw@127.0.0.1:27017/ecommerce?authSource=admin").asTarget();
        assertThat(mongo.desc()).doesNotContain("m0ng0-pw").contains("mongodb://app:******@127.0.0.1:27017/ecommerce");
        assertThat(mongo.toString()).doesNotContain("m0ng0-pw");
    }

    @Test
    void originalKeysAndAliasesThroughSet() {
        DataSource source = DataSource.of("MySQL", "crm").set("host", "db").set("db", "shop").set("user", "u")
                .set("port", "3307").asSource();
        assertThat(source.settings()).containsEntry("database", "shop").containsEntry("username", "u")
                .containsEntry("port", 3307);
    }

    @Test
    void unknownKind() {
        assertThatThrownBy(() -> DataSource.of("oracle", "erp"))
                .isInstanceOf(DataSourceDefinitionException.class)
                .hasMessage("unknown data source kind 'oracle'. Fix: use one of mysql, mongodb.");
    }

    @Test
    void unknownSetting() {
        assertThatThrownBy(() -> DataSource.of("mysql", "crm").set("hots", "db"))
                .isInstanceOf(DataSourceDefinitionException.class)
                .hasMessageContaining("Data source 'crm': unknown mysql setting 'hots'. Fix: use one of [host, port");
    }

    @Test
    void missingRequiredSettings() {
        assertThatThrownBy(() -> DataSource.mysql("crm").database("shop").username("u").asSource())
                .hasMessage("Data source 'crm': 'host' is required for a mysql data source. Fix: add .host(\"127.0.0.1\").");
        assertThatThrownBy(() -> DataSource.mysql("crm").host("db").username("u").asSource())
                .hasMessageContaining("'database' is required");
        assertThatThrownBy(() -> DataSource.mysql("crm").host("db").database("shop").asSource())
                .hasMessageContaining("'username' is required");
    }

    @Test
    void malformedSettings() {
        assertThatThrownBy(() -> crm().port(70000))
                .hasMessageContaining("port 70000 is out of range");
        assertThatThrownBy(() -> DataSource.of("mysql", "crm").set("port", "abc"))
                .hasMessageContaining("port 'abc' is not a number");
        assertThatThrownBy(() -> crm().timezone("Mars/Olympus").asSource())
                .hasMessageContaining("timezone 'Mars/Olympus' is not a UTC offset or a zone name");
        assertThatThrownBy(() -> crm().additionalString("useSSL false").asSource())
                .hasMessageContaining("is not a list of key=value pairs");
        assertThatThrownBy(() -> DataSource.mysql("bad name"))
                .hasMessageContaining("data source name 'bad name' is not allowed");
    }

    @Test
    void mongodbUris() {
        assertThat(DataSource.mongodb("m").uri("mongodb+srv://cluster0.example.net/shop").asTarget().role())
                .isEqualTo(DataSource.Role.TARGET);
        assertThat(DataSource.mongodb("m").host("127.0.0.1:27017").database("shop").asTarget().setting("database"))
                .isEqualTo("shop");
        assertThatThrownBy(() -> DataSource.mongodb("m").uri("mysql://127.0.0.1/shop").asTarget())
                .hasMessageContaining("is not a MongoDB connection string");
        assertThatThrownBy(() -> DataSource.mongodb("m").uri("mongodb://u:pw@127.0.0.1:27017").asTarget())
                .hasMessageContaining("names no database")
                .hasMessageNotContaining(":pw@");
        assertThatThrownBy(() -> DataSource.mongodb("m").uri("mongodb://u:pw@/shop").asTarget())
                .hasMessageContaining("names no host")
                .hasMessageNotContaining(":pw@");
    }

    @Test
    void mongodbWithNoUriAndNoHostIsTheEmbeddedOne() {
        DataSource embedded = DataSource.mongodb("MongoDB_ECommerce").database("ecommerce").asTarget();
        assertThat(embedded.settings()).containsOnly(entry("database", "ecommerce"));
        assertThat(DataSource.mongodb("m").host("").database("shop").asTarget().setting("database")).isEqualTo("shop");
        assertThatThrownBy(() -> DataSource.mongodb("m").asTarget())
                .hasMessage("Data source 'm': 'database' is required for a mongodb data source."
                        + " Fix: add .database(\"ecommerce\").");
        assertThatThrownBy(() -> DataSource.mongodb("m").database("shop").username("app").password("m0ng0-pw")
                .asTarget())
                .hasMessageContaining("it names no server (no 'uri', no 'host'), so it is the embedded stack's MongoDB,"
                        + " which takes no username, password")
                .hasMessageContaining("Fix: add .uri(")
                .hasMessageNotContaining("m0ng0-pw");
        assertThatThrownBy(() -> DataSource.mongodb("m").database("shop").ssl(true).asTarget())
                .hasMessageContaining("which takes no ssl");
    }

    @Test
    void rolesTapFlowCannotServeAreRefused() {
        assertThatThrownBy(() -> DataSource.mongodb("m").uri("mongodb://h/db").asSource())
                .hasMessageContaining("mongodb data sources can only be targets for now")
                .hasMessageContaining("Fix: use .asTarget()");
        assertThatThrownBy(() -> crm().asTarget())
                .hasMessageContaining("mysql data sources can only be sources for now");
    }
}
