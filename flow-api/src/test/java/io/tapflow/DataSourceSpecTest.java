package io.tapflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapflow.spec.DataSourceSpec;
import io.tapflow.spec.FlowSpecs;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A data source goes into a catalog as data that holds no secret value, and comes back whole. */
class DataSourceSpecTest {

    /** A secret store kept in memory, as a stack's would be kept in a file. */
    private static final class MapSecretStore implements SecretStore {
        final Map<String, Secret> secrets = new HashMap<>();

        @Override
        public String put(String reference, Secret secret) {
            secrets.put(reference, secret);
            return "${memory:" + reference + "}";
        }

        @Override
        public String connectReference(String reference) {
            return "${memory:" + reference + "}";
        }

        @Override
        public Secret get(String reference) {
            Secret secret = secrets.get(reference);
            if (secret == null) {
                throw new IllegalStateException("no secret " + reference);
            }
            return secret;
        }
    }

    @Test
    void specHoldsAReferenceAndTheStoreHoldsTheSecret() {
        MapSecretStore store = new MapSecretStore();
        DataSource crm = DataSource.mysql("MySQL_ECommerce").host("127.0.0.1").database("ECommerceData")
                .username("tapflow").password("s3cr3t-pw").asSource();
        DataSourceSpec spec = crm.spec(store);
        String json = FlowSpecs.toJson(spec);
        assertThat(json).doesNotContain("s3cr3t-pw").contains("\"secret\" : \"MySQL_ECommerce.password\"");
        assertThat(store.secrets).containsEntry("MySQL_ECommerce.password", Secret.of("s3cr3t-pw"));

        DataSource back = DataSource.fromSpec(FlowSpecs.dataSourceFromJson(json), store);
        assertThat(back.settings()).isEqualTo(crm.settings());
        assertThat(back.role()).isEqualTo(DataSource.Role.SOURCE);
        assertThat(((Secret) back.setting("password")).reveal()).isEqualTo("s3cr3t-pw");
    }

    @Test
    void environmentSecretsAreStoredByNameOnly() {
        MapSecretStore store = new MapSecretStore();
        DataSource crm = DataSource.mysql("crm").host("db").database("shop").username("u")
                .password(Secret.env("TAPFLOW_TEST_UNSET_VARIABLE")).asSource();
        String json = FlowSpecs.toJson(crm.spec(store));
        assertThat(json).contains("\"env\" : \"TAPFLOW_TEST_UNSET_VARIABLE\"");
        assertThat(store.secrets).isEmpty();
        DataSource back = DataSource.fromSpec(FlowSpecs.dataSourceFromJson(json), store);
        assertThatThrownBy(() -> ((Secret) back.setting("password")).reveal())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("environment variable TAPFLOW_TEST_UNSET_VARIABLE is not set");
    }

    @Test
    void aSpecIsCheckedLikeTheBuilder() {
        String json = """
                {"formatVersion": 1, "name": "crm", "kind": "mysql", "role": "source",
                 "settings": {"host": "db", "port": 3306, "username": "u"}}
                """;
        assertThatThrownBy(() -> DataSource.fromSpec(FlowSpecs.dataSourceFromJson(json), new MapSecretStore()))
                .isInstanceOf(DataSourceDefinitionException.class)
                .hasMessageContaining("'database' is required");
        assertThatThrownBy(() -> FlowSpecs.dataSourceFromJson("{\"formatVersion\": 1, \"nam\": \"x\"}"))
                .isInstanceOf(DataSourceDefinitionException.class)
                .hasMessageContaining("not a data source spec");
    }

    @Test
    void secretsNeverPrint() {
        assertThat(Secret.env("MYSQL_PW").toString()).isEqualTo("******");
        assertThat(Secret.of("x").toString()).isEqualTo("******");
        assertThatThrownBy(() -> Secret.env("not a name")).hasMessageContaining("is not an environment variable name");
    }
}
