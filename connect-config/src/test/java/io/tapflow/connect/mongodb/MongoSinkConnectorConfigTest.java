package io.tapflow.connect.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapflow.DataSource;
import io.tapflow.spec.EndpointSpec;
import io.tapflow.spec.FlowSpec;
import io.tapflow.topology.FlowTopics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A flow's sink config: every name comes from the flow, and no password is ever in it. */
class MongoSinkConnectorConfigTest {

    private static final String REFERENCE = "${file:/s.properties:MongoDB_ECommerce.uri}";
    private static final FlowSpec ORDERS = new FlowSpec(FlowSpec.FORMAT_VERSION, "orders",
            new EndpointSpec("read:ecom_orders", "MySQL_ECommerce.ecom_orders"), List.of(),
            new EndpointSpec("write:orders", "MongoDB_ECommerce.orders"));
    private static final FlowTopics TOPICS = FlowTopics.of(ORDERS, "tapflow.MySQL_ECommerce.ECommerceData.ecom_orders");
    private static final DataSource PLAIN = DataSource.mongodb("MongoDB_ECommerce")
            .uri("mongodb://127.0.0.1:27017/ecommerce?w=majority").asTarget();

    @Test
    void aFlowWritesItsOutputTopicIntoItsTargetCollection() {
        Map<String, String> config = MongoSinkConnectorConfig.of(ORDERS, PLAIN, TOPICS,
                Map.of("value.converter", "x.Json"), null);
        assertThat(config)
                .containsEntry("name", "tapflow-sink-orders")
                .containsEntry("connector.class", "com.mongodb.kafka.connect.MongoSinkConnector")
                .containsEntry("tasks.max", "1")
                .containsEntry("topics", "tapflow.flow.orders")
                .containsEntry("connection.uri", "mongodb://127.0.0.1:27017/ecommerce?w=majority")
                .containsEntry("database", "ecommerce")
                .containsEntry("collection", "orders")
                .containsEntry("value.converter", "x.Json");
    }

    @Test
    void upsertsByKeyAndDeletesOnTombstones() {
        Map<String, String> config = MongoSinkConnectorConfig.of(ORDERS, PLAIN, TOPICS, Map.of(), null);
        assertThat(config)
                .containsEntry("document.id.strategy",
                        "com.mongodb.kafka.connect.sink.processor.id.strategy.ProvidedInKeyStrategy")
                .containsEntry("document.id.strategy.overwrite.existing", "true")
                .containsEntry("writemodel.strategy",
                        "com.mongodb.kafka.connect.sink.writemodel.strategy.ReplaceOneDefaultStrategy")
                .containsEntry("delete.on.null.values", "true")
                .containsEntry("bulk.write.ordered", "true")
                .containsEntry("consumer.override.isolation.level", "read_committed")
                .containsEntry("max.batch.size", "500");
    }

    @Test
    void theKeyBecomesTheIdAsASubDocumentUnlessItHasOneKnownColumn() {
        assertThat(MongoSinkConnectorConfig.of(ORDERS, PLAIN, TOPICS, Map.of(), null))
                .containsEntry("transforms", "keyAsId")
                .containsEntry("transforms.keyAsId.type", "org.apache.kafka.connect.transforms.HoistField$Key")
                .containsEntry("transforms.keyAsId.field", "_id");
        assertThat(MongoSinkConnectorConfig.of(ORDERS, PLAIN, TOPICS, Map.of(), null,
                MongoSinkOptions.defaults().keyColumns(List.of("order_id", "line"))))
                .containsEntry("transforms", "keyAsId");
        assertThat(MongoSinkConnectorConfig.of(ORDERS, PLAIN, TOPICS, Map.of(), null,
                MongoSinkOptions.defaults().keyColumns(List.of("order_id"))))
                .containsEntry("transforms", "keyColumn,keyAsId")
                .containsEntry("transforms.keyColumn.type", "org.apache.kafka.connect.transforms.ExtractField$Key")
                .containsEntry("transforms.keyColumn.field", "order_id")
                .containsEntry("transforms.keyAsId.field", "_id");
    }

    @Test
    void rejectedRecordsGoToTheFlowsSinkDeadLetterTopicWithContextHeaders() {
        Map<String, String> config = MongoSinkConnectorConfig.of(ORDERS, PLAIN, TOPICS, Map.of(), null);
        assertThat(MongoSinkConnectorConfig.deadLetterTopic(TOPICS)).isEqualTo("tapflow.flow.orders.sink-dead-letter")
                .isNotEqualTo(TOPICS.deadLetter());
        assertThat(config)
                .containsEntry("errors.tolerance", "all")
                .containsEntry("errors.deadletterqueue.topic.name", "tapflow.flow.orders.sink-dead-letter")
                .containsEntry("errors.deadletterqueue.topic.replication.factor", "1")
                .containsEntry("errors.deadletterqueue.context.headers.enable", "true")
                .containsEntry("errors.log.include.messages", "false")
                .containsEntry("mongo.errors.log.enable", "false");
    }

    @Test
    void optionsSetTasksReplicationAndBatchSize() {
        Map<String, String> config = MongoSinkConnectorConfig.of(ORDERS, PLAIN, TOPICS, Map.of(), null,
                MongoSinkOptions.defaults().tasksMax(3).deadLetterReplicationFactor(3).maxBatchSize(100));
        assertThat(config)
                .containsEntry("tasks.max", "3")
                .containsEntry("errors.deadletterqueue.topic.replication.factor", "3")
                .containsEntry("max.batch.size", "100");
        assertThatThrownBy(() -> MongoSinkOptions.defaults().tasksMax(0))
                .hasMessageContaining("tasksMax must be at least 1, not 0");
    }

    @Test
    void aUriWithAPasswordIsReadThroughTheReference() {
        DataSource secured = DataSource.mongodb("MongoDB_ECommerce")
                .uri("mongodb://tapflow:hunter2@db1:27017,db2:27017/ecommerce?replicaSet=rs0").asTarget();
        Map<String, String> config = MongoSinkConnectorConfig.of(ORDERS, secured, TOPICS, Map.of(), REFERENCE);
        assertThat(config).containsEntry("connection.uri", REFERENCE).containsEntry("database", "ecommerce");
        assertThat(config.toString()).doesNotContain("hunter2");
        assertThat(MongoSinkConnectorConfig.connectionUri(secured).reveal())
                .isEqualTo("mongodb://tapflow:hunter2@db1:27017,db2:27017/ecommerce?replicaSet=rs0");
    }

    @Test
    void aPasswordIsNeverPutInClear() {
        String uri = "mongodb://tapflow:hunter2@db1:27017/ecommerce";
        DataSource secured = DataSource.mongodb("MongoDB_ECommerce").uri(uri).asTarget();
        assertThatThrownBy(() -> MongoSinkConnectorConfig.of(ORDERS, secured, TOPICS, Map.of(), null))
                .hasMessageContaining("holds a password")
                .hasMessageContaining("${file:/path/secrets.properties:MongoDB_ECommerce.uri}");
        assertThatThrownBy(() -> MongoSinkConnectorConfig.of(ORDERS, secured, TOPICS, Map.of(), uri))
                .hasMessageContaining("mongodb://tapflow:******@db1:27017/ecommerce")
                .message().doesNotContain("hunter2");
    }

    @Test
    void aHostDataSourceGetsAUriBuiltFromItsSettings() {
        DataSource userOnly = DataSource.mongodb("MongoDB_ECommerce").host("db1:27017").database("ecommerce")
                .username("tap flow").additionalString("authSource=admin").ssl(true).asTarget();
        assertThat(MongoSinkConnectorConfig.of(ORDERS, userOnly, TOPICS, Map.of(), null))
                .containsEntry("connection.uri", "mongodb://tap%20flow@db1:27017/ecommerce?authSource=admin&tls=true")
                .containsEntry("database", "ecommerce");

        DataSource withPassword = DataSource.mongodb("MongoDB_ECommerce").host("db1").database("ecommerce")
                .username("tapflow").password("p@ss").asTarget();
        assertThat(MongoSinkConnectorConfig.of(ORDERS, withPassword, TOPICS, Map.of(), REFERENCE))
                .containsEntry("connection.uri", REFERENCE);
        assertThat(MongoSinkConnectorConfig.connectionUri(withPassword).reveal())
                .isEqualTo("mongodb://tapflow:p%40ss@db1/ecommerce");
    }

    @Test
    void theEmbeddedMongoDbMustComeWithItsUri() {
        DataSource embedded = DataSource.mongodb("MongoDB_ECommerce").database("ecommerce").asTarget();
        assertThatThrownBy(() -> MongoSinkConnectorConfig.of(ORDERS, embedded, TOPICS, Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data source 'MongoDB_ECommerce' names no server (no uri, no host): it is the"
                        + " embedded stack's MongoDB");
    }

    @Test
    void refusesAnotherKindOrAnotherTargetOrNoCollection() {
        DataSource mysql = DataSource.mysql("MongoDB_ECommerce").host("h").port(3306).database("d")
                .username("u").password("p").asSource();
        assertThatThrownBy(() -> MongoSinkConnectorConfig.of(ORDERS, mysql, TOPICS, Map.of(), null))
                .hasMessageContaining("is mysql, not mongodb");
        DataSource other = DataSource.mongodb("Other").uri("mongodb://h/db").asTarget();
        assertThatThrownBy(() -> MongoSinkConnectorConfig.of(ORDERS, other, TOPICS, Map.of(), null))
                .hasMessageContaining("flow 'orders' writes to 'MongoDB_ECommerce.orders', not to data source 'Other'");
        FlowSpec noCollection = new FlowSpec(FlowSpec.FORMAT_VERSION, "orders", ORDERS.source(), List.of(),
                new EndpointSpec("write:", "MongoDB_ECommerce"));
        assertThatThrownBy(() -> MongoSinkConnectorConfig.of(noCollection, PLAIN, TOPICS, Map.of(), null))
                .hasMessageContaining("names no collection");
    }
}
