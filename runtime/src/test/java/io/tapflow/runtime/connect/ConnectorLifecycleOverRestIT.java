package io.tapflow.runtime.connect;

import static io.tapflow.runtime.connect.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.tapflow.connect.rest.ConfigValidation;
import io.tapflow.connect.rest.ConnectRestClient;
import io.tapflow.connect.rest.ConnectRestException;
import io.tapflow.connect.rest.ConnectorInfo;
import io.tapflow.connect.rest.ConnectorPlugin;
import io.tapflow.connect.rest.ConnectorState;
import io.tapflow.connect.rest.ConnectorStatus;
import io.tapflow.testing.InProcessKafka;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The REST client drives an in-process distributed Connect worker through its REST API, the code path used
 * against a real Connect cluster: plugins, create, status, update, restart, pause, resume, delete, errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectorLifecycleOverRestIT {

    private static final String POISONED_TOPIC = "it.poisoned";

    private InProcessKafka kafka;
    private MongoServer mongo;
    private String mongoUri;
    private EmbeddedConnectWorker worker;
    private ConnectRestClient connect;

    @BeforeAll
    void start() throws Exception {
        kafka = InProcessKafka.start();
        mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        mongoUri = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort();
        worker = EmbeddedConnectWorker.builder(kafka.bootstrapServers(), "lifecycle-it").start();
        connect = ConnectRestClient.builder(worker.restUrl()).requestTimeout(Duration.ofSeconds(30)).build();

        kafka.createTopics(1, POISONED_TOPIC);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            // Not JSON: the sink's JsonConverter fails on it, and with it the task.
            producer.send(new ProducerRecord<>(POISONED_TOPIC, "{not json".getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    @AfterAll
    void stop() {
        if (connect != null) {
            connect.close();
        }
        if (worker != null) {
            worker.close();
        }
        if (mongo != null) {
            mongo.shutdownNow();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void theWorkerHasTheDebeziumMongoDbSinkAndApicurioPlugins() {
        assertThat(connect.plugins()).extracting(ConnectorPlugin::className).contains(
                "io.debezium.connector.mariadb.MariaDbConnector",
                "io.debezium.connector.mysql.MySqlConnector",
                "com.mongodb.kafka.connect.MongoSinkConnector",
                "io.apicurio.registry.utils.converter.AvroConverter");
        assertThat(connect.plugins()).filteredOn(plugin -> plugin.className().endsWith("AvroConverter"))
                .extracting(ConnectorPlugin::type).containsOnly("converter");
    }

    @Test
    void aConnectorIsCreatedFailsRestartsIsUpdatedPausedResumedAndDeleted() {
        String name = "poisoned-sink";
        Map<String, String> config = sinkConfig(POISONED_TOPIC);

        ConnectorInfo created = connect.createOrUpdate(name, config);
        assertThat(created.name()).isEqualTo(name);
        assertThat(created.type()).isEqualTo("sink");
        assertThat(connect.connectors()).contains(name);

        ConnectorStatus failed = await("the task to fail on the record that is not JSON", () -> connect.status(name),
                status -> !status.failedTasks().isEmpty());
        assertThat(failed.state()).isEqualTo(ConnectorState.RUNNING);
        assertThat(failed.failedTasks().getFirst().trace()).contains("JsonConverter");

        ConnectorStatus restarting = connect.restartFailed(name);
        assertThat(restarting.tasks()).extracting(task -> task.state()).containsOnly(ConnectorState.RESTARTING);
        await("the restarted task to fail again on the same record", () -> connect.status(name),
                status -> !status.failedTasks().isEmpty());

        Map<String, String> tolerant = new LinkedHashMap<>(config);
        tolerant.put("errors.tolerance", "all");
        connect.createOrUpdate(name, tolerant);
        assertThat(connect.config(name)).containsEntry("errors.tolerance", "all");
        await("the updated connector to skip the record and run", () -> connect.status(name),
                ConnectorStatus::isRunning);

        connect.pause(name);
        await("the connector and its task to pause", () -> connect.status(name), status ->
                status.state() == ConnectorState.PAUSED
                        && status.tasks().stream().allMatch(task -> task.state() == ConnectorState.PAUSED));
        connect.resume(name);
        await("the connector to run again", () -> connect.status(name), ConnectorStatus::isRunning);

        connect.delete(name);
        assertThat(connect.connectors()).doesNotContain(name);
        await("the deleted connector's status to go", () -> statusCode(name), code -> code == 404);
    }

    @Test
    void anInvalidConfigIsRefusedWithConnectsMessageAndNoPassword() throws IOException {
        Map<String, String> config = mariaDbConfig(closedPort());

        assertThatThrownBy(() -> connect.createOrUpdate("unreachable-mariadb", config))
                .isInstanceOfSatisfying(ConnectRestException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.call()).isEqualTo("PUT /connectors/unreachable-mariadb/config");
                    assertThat(e.connectMessage()).contains("Connector configuration is invalid");
                    assertThat(e.getMessage()).contains("Hint:").doesNotContain("not-a-real-password");
                });
        assertThat(connect.connectors()).doesNotContain("unreachable-mariadb");

        ConfigValidation validation = connect.validate("io.debezium.connector.mariadb.MariaDbConnector", config);
        assertThat(validation.valid()).isFalse();
        assertThat(validation.errors()).isNotEmpty();
        assertThat(validation.toString()).doesNotContain("not-a-real-password");
    }

    @Test
    void anUnknownPluginIsAnErrorThatSaysSo() {
        assertThatThrownBy(() -> connect.validate("com.example.NoSuchConnector", Map.of()))
                .isInstanceOf(ConnectRestException.class)
                .hasMessageContaining("PUT /connector-plugins/com.example.NoSuchConnector/config/validate failed");
    }

    /** 200 while Connect has a status for the connector, else the HTTP status of its refusal. */
    private int statusCode(String name) {
        try {
            connect.status(name);
            return 200;
        } catch (ConnectRestException e) {
            return e.httpStatus();
        }
    }

    private Map<String, String> sinkConfig(String topic) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "com.mongodb.kafka.connect.MongoSinkConnector");
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put("connection.uri", mongoUri);
        config.put("database", "it");
        config.put("collection", "poisoned");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        return config;
    }

    private Map<String, String> mariaDbConfig(int port) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "io.debezium.connector.mariadb.MariaDbConnector");
        config.put("tasks.max", "1");
        config.put("database.hostname", "127.0.0.1");
        config.put("database.port", String.valueOf(port));
        config.put("database.user", "tapflow");
        config.put("database.password", "not-a-real-password");
        config.put("database.server.id", "5401");
        config.put("topic.prefix", "it");
        config.put("schema.history.internal.kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("schema.history.internal.kafka.topic", "it.schema-history");
        return config;
    }

    private Properties producerConfig() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return config;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
