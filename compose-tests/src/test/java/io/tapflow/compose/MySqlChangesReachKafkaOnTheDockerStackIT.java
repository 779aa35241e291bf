package io.tapflow.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.tapflow.DataSource;
import io.tapflow.connect.mysql.MySqlFlavor;
import io.tapflow.connect.mysql.MySqlServerInfo;
import io.tapflow.connect.mysql.MySqlSourceCheck;
import io.tapflow.connect.rest.ConnectRestClient;
import io.tapflow.connect.rest.ConnectorPlugin;
import io.tapflow.runtime.Encoding;
import io.tapflow.runtime.TapFlow;
import io.tapflow.runtime.capture.ChangeCapture;
import io.tapflow.runtime.catalog.FileSecretStore;
import io.tapflow.topology.event.ChangeEvent;
import io.tapflow.topology.event.Operation;
import io.tapflow.topology.event.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * TapFlow against the Docker stack of the repository's {@code docker-compose.yml}, started by Testcontainers:
 * real MySQL 8.4 (so the MySQL path, Debezium's MySQL connector and the MySQL grant names, runs against
 * MySQL itself, not MariaDB), Kafka in KRaft mode, a Kafka Connect worker built from
 * {@code docker/connect/Dockerfile}, the Apicurio registry and MongoDB 7. TapFlow connects to it as to any
 * existing cluster ({@link TapFlow#connect}), with Avro through the registry and a file secret store in a
 * folder the Connect container mounts.
 *
 * <p>Skipped where no Docker engine runs ({@code disabledWithoutDocker}), which is the case on the machines
 * this was written on: it has not been run there. It needs Docker with the compose plugin, and the Connect
 * plugins built ({@code mvn -pl runtime -am generate-resources}, which a full build does first).
 */
@Testcontainers(disabledWithoutDocker = true)
class MySqlChangesReachKafkaOnTheDockerStackIT {

    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    private static final Path SECRETS = secretsFolder();
    private static final String MYSQL_PASSWORD = "compose-it-Pw-7731";
    private static final String ROOT_PASSWORD = "compose-it-root-Pw-7731";
    private static final Duration START = Duration.ofMinutes(5);
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static final String BOOTSTRAP = "127.0.0.1:9092";
    private static final URI CONNECT = URI.create("http://127.0.0.1:8083");
    private static final String REGISTRY = "http://127.0.0.1:8080/apis/registry/v2";

    @Container
    private static final ComposeContainer STACK = new ComposeContainer(REPOSITORY.resolve("docker-compose.yml").toFile())
            .withBuild(true)
            .withEnv("TAPFLOW_SECRETS_DIR", SECRETS.toString())
            .withEnv("TAPFLOW_UID", owner(SECRETS, "unix:uid"))
            .withEnv("TAPFLOW_GID", owner(SECRETS, "unix:gid"))
            .withEnv("TAPFLOW_MYSQL_PASSWORD", MYSQL_PASSWORD)
            .withEnv("MYSQL_ROOT_PASSWORD", ROOT_PASSWORD)
            .waitingFor("kafka", Wait.forHealthcheck().withStartupTimeout(START))
            .waitingFor("mysql", Wait.forHealthcheck().withStartupTimeout(START))
            .waitingFor("mongodb", Wait.forHealthcheck().withStartupTimeout(START))
            .waitingFor("connect", Wait.forLogMessage(".*Kafka Connect started.*", 1).withStartupTimeout(START))
            .waitingFor("registry", Wait.forLogMessage(".*Listening on.*", 1).withStartupTimeout(START));

    @Test
    void aSavedMySqlSourceIsCheckedAndItsSnapshotAndChangesReachItsChangeTopic() throws Exception {
        awaitHttp(CONNECT + "/connectors");
        awaitHttp(REGISTRY + "/system/info");
        root("CREATE TABLE ECommerceData.orders (order_id VARCHAR(16) PRIMARY KEY, status VARCHAR(16),"
                        + " total DECIMAL(10, 2))",
                "INSERT INTO ECommerceData.orders VALUES ('o1', 'created', 10.50), ('o2', 'created', 3.00)");

        FileSecretStore secrets = new FileSecretStore(SECRETS.resolve("secrets.properties"),
                Path.of("/etc/tapflow/secrets/secrets.properties"));
        try (TapFlow tapflow = TapFlow.connect(BOOTSTRAP, CONNECT, REGISTRY, Encoding.AVRO, secrets)) {
            DataSource source = DataSource.mysql("MySQL_ECommerce").host("127.0.0.1").port(3306)
                    .database("ECommerceData").username("tapflow").password(MYSQL_PASSWORD)
                    // MySQL 8.4 logs users in with caching_sha2_password; without TLS the driver needs the key.
                    .additionalString("allowPublicKeyRetrieval=true")
                    .asSource();
            source.save();
            assertThat(tapflow.dataSource("MySQL_ECommerce")).isPresent();
            MySqlServerInfo server = MySqlSourceCheck.check(source);
            assertThat(server.flavor()).isEqualTo(MySqlFlavor.MYSQL);

            try (ConnectRestClient connect = ConnectRestClient.of(tapflow.connectUrl());
                 ChangeCapture capture = ChangeCapture.builder(connect, tapflow.bootstrapServers())
                         .converters(tapflow.connectorConverters())
                         .passwordReference(name -> tapflow.secretReference(name + ".password"))
                         .build();
                 ChangeReader orders = new ChangeReader(tapflow.wireFormat(),
                         ChangeCapture.topicFor(source, "orders"))) {
                assertThat(connect.plugins()).extracting(ConnectorPlugin::className)
                        .contains("io.debezium.connector.mysql.MySqlConnector",
                                "com.mongodb.kafka.connect.MongoSinkConnector",
                                "io.apicurio.registry.utils.converter.AvroConverter");
                assertThat(capture.capture(source, server, "orders")).isEqualTo(ChangeCapture.Outcome.STARTED);

                List<ChangeEvent> snapshot = orders.await("the snapshot", events -> events.size() == 2);
                assertThat(snapshot).extracting(ChangeEvent::op).containsOnly(Operation.SNAPSHOT);
                assertThat(snapshot).extracting(event -> event.after().get("order_id")).containsExactly("o1", "o2");

                root("INSERT INTO ECommerceData.orders VALUES ('o3', 'created', 7.25)",
                        "UPDATE ECommerceData.orders SET status = 'paid' WHERE order_id = 'o1'",
                        "DELETE FROM ECommerceData.orders WHERE order_id = 'o2'");
                List<ChangeEvent> events = orders.await("the insert, update and delete", all -> all.size() == 5);
                assertThat(events.subList(2, 5)).extracting(ChangeEvent::op)
                        .containsExactly(Operation.INSERT, Operation.UPDATE, Operation.DELETE);
                assertThat(events.get(2).after()).containsEntry("total", new BigDecimal("7.25"));
                assertThat(events.get(3).after()).containsEntry("status", "paid");
                assertThat(events.get(4).key()).isEqualTo(Map.of("order_id", "o2"));
            }
        }
        try (MongoClient mongo = MongoClients.create("mongodb://127.0.0.1:27017")) {
            assertThat(mongo.getDatabase("admin").runCommand(new Document("ping", 1)).get("ok"))
                    .isIn(1, 1.0);
        }
    }

    /** Runs statements as MySQL's root, as an application writing to the source would. */
    private static void root(String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:mariadb://127.0.0.1:3306/?allowPublicKeyRetrieval=true", "root", ROOT_PASSWORD);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** Connect and the registry answer a little after their containers log that they started. */
    private static void awaitHttp(String url) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Object last = "nothing";
        try (HttpClient http = HttpClient.newHttpClient()) {
            while (System.nanoTime() < deadline) {
                try {
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 200) {
                        return;
                    }
                    last = "HTTP " + answer.statusCode();
                } catch (IOException e) {
                    last = e;
                }
                Thread.sleep(500);
            }
        }
        throw new AssertionError(url + " did not answer 200 within " + WAIT.toSeconds() + " s; last: " + last);
    }

    /** The folder the Connect container mounts for TapFlow's secrets; it must exist before the stack starts. */
    private static Path secretsFolder() {
        try {
            return Files.createDirectories(REPOSITORY.resolve("compose-tests/target/docker-secrets"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Connect worker runs as the folder's owner, so it can read the secrets file (mode 600). */
    private static String owner(Path folder, String attribute) {
        try {
            return String.valueOf(Files.getAttribute(folder, attribute));
        } catch (IOException | UnsupportedOperationException e) {
            return "1000";
        }
    }

    /** Reads a change topic from its start, decoding each record with the deployment's wire format. */
    private static final class ChangeReader implements AutoCloseable {

        private final WireFormat format;
        private final String topic;
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<ChangeEvent> events = new ArrayList<>();

        ChangeReader(WireFormat format, String topic) {
            this.format = format;
            this.topic = topic;
            this.consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                    ConsumerConfig.GROUP_ID_CONFIG, "compose-it-" + System.nanoTime(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(topic));
        }

        List<ChangeEvent> await(String what, Predicate<List<ChangeEvent>> condition) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!condition.test(events)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Timed out after " + WAIT.toSeconds() + " s waiting for " + what
                            + " on " + topic + "; read: " + events);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    ChangeEvent event = format.decode(topic, record.key(), record.value());
                    if (event != null) {
                        events.add(event);
                    }
                });
            }
            return List.copyOf(events);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
