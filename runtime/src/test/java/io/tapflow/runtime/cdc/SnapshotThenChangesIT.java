package io.tapflow.runtime.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.DataSource;
import io.tapflow.Flow;
import io.tapflow.connect.debezium.MySqlSourceConnectorConfig;
import io.tapflow.connect.mysql.MySqlFlavor;
import io.tapflow.connect.mysql.MySqlServerInfo;
import io.tapflow.connect.mysql.MySqlSourceCheck;
import io.tapflow.connect.rest.ConnectRestClient;
import io.tapflow.runtime.connect.EmbeddedConnectWorker;
import io.tapflow.testing.Await;
import io.tapflow.testing.InProcessKafka;
import io.tapflow.testing.mariadb.MariaDbServer;
import io.tapflow.topology.FlowStreamsConfig;
import io.tapflow.topology.FlowTopics;
import io.tapflow.topology.FlowTopology;
import io.tapflow.topology.event.WireFormat;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real MariaDB server, Debezium's MariaDB connector on an in-process Connect worker, and a flow on
 * Kafka Streams: the rows a table holds arrive first (snapshot), then every insert, update, delete and
 * primary-key change, with their types, in the flow's output; so do an added column and a widened one.
 */
class SnapshotThenChangesIT {

    private static final String PASSWORD = "cdc-Pw-7141";
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static final Flow FLOW = Flow.named("orders_cdc")
            .readFrom("MySQL_ECommerce.ecom_orders")
            .exclude("note")
            .renameFields(Map.of("order_purchase_timestamp", "purchase_timestamp"))
            .writeTo("MongoDB_ECommerce.orders");

    @Test
    void snapshotThenEveryChangeReachesTheOutputTopic(@TempDir Path work) throws Exception {
        try (MariaDbServer mariadb = MariaDbServer.start();
             InProcessKafka kafka = InProcessKafka.start()) {
            mariadb.createDatabase("ECommerceData");
            mariadb.execute(
                    "CREATE TABLE ECommerceData.ecom_orders (order_id VARCHAR(32) PRIMARY KEY, order_status VARCHAR(20),"
                            + " order_purchase_timestamp DATETIME, total DECIMAL(10,2), paid TINYINT(1), note TEXT)",
                    "INSERT INTO ECommerceData.ecom_orders VALUES ('o1', 'delivered', '2018-01-02 10:56:33', 10.50, 1, 'x'),"
                            + " ('o2', 'shipped', '2018-01-03 08:00:00', 99.99, 0, 'y')");
            mariadb.createUser("tapflow", PASSWORD,
                    "SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, BINLOG MONITOR, LOCK TABLES");

            DataSource crm = DataSource.mysql("MySQL_ECommerce").host(mariadb.host()).port(mariadb.port())
                    .database("ECommerceData").username("tapflow").password(PASSWORD).asSource();
            Path secrets = work.resolve("secrets.properties");
            Files.writeString(secrets, "MySQL_ECommerce.password=" + PASSWORD + "\n");
            Map<String, String> json = Map.of(
                    "key.converter", "org.apache.kafka.connect.json.JsonConverter",
                    "value.converter", "org.apache.kafka.connect.json.JsonConverter");
            MySqlServerInfo server = MySqlSourceCheck.check(crm);
            assertThat(server.flavor()).isEqualTo(MySqlFlavor.MARIADB);
            Map<String, String> config = MySqlSourceConnectorConfig.of(crm, server, List.of("ecom_orders"),
                    "${file:" + secrets + ":MySQL_ECommerce.password}", kafka.bootstrapServers(), json);
            assertThat(config.toString()).doesNotContain(PASSWORD);

            try (EmbeddedConnectWorker worker = EmbeddedConnectWorker.builder(kafka.bootstrapServers(), "cdc-it")
                    .workerConfig("config.providers", "file")
                    .workerConfig("config.providers.file.class",
                            "org.apache.kafka.common.config.provider.FileConfigProvider")
                    .start();
                 ConnectRestClient connect = ConnectRestClient.of(worker.restUrl())) {
                String connector = MySqlSourceConnectorConfig.connectorName("MySQL_ECommerce");
                connect.createOrUpdate(connector, config);
                await("the connector and its task running", () -> connect.status(connector),
                        status -> status.isRunning() && !status.tasks().isEmpty()
                                && status.tasks().stream().allMatch(t -> t.state().name().equals("RUNNING")));

                String changeTopic = FlowTopics.changeTopic("MySQL_ECommerce", "ECommerceData", "ecom_orders");
                await("the change topic", () -> topics(kafka), names -> names.contains(changeTopic));
                FlowTopics topics = FlowTopics.of(FLOW.spec(), changeTopic);
                kafka.createTopics(1, topics.output(), topics.deadLetter());

                WireFormat format = WireFormat.json(true);
                Properties props = FlowStreamsConfig.of(FLOW.name(), kafka.bootstrapServers());
                props.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("streams").toString());
                try (KafkaStreams streams = new KafkaStreams(FlowTopology.build(FLOW.spec(), topics, format), props);
                     OutputReader output = new OutputReader(kafka, topics.output(), format)) {
                    streams.start();

                    // Snapshot: the rows the table held before capture started, with their types.
                    output.awaitTarget(target -> target.size() == 2);
                    assertThat(output.target().get(Map.of("order_id", "o1"))).isEqualTo(order("o1", "delivered",
                            LocalDateTime.of(2018, 1, 2, 10, 56, 33), "10.50", true));

                    mariadb.execute(
                            "INSERT INTO ECommerceData.ecom_orders VALUES ('o3', 'created', '2018-02-01 00:00:00', 1.00, 0, 'z')",
                            "UPDATE ECommerceData.ecom_orders SET order_status = 'delivered', total = 100.00 WHERE order_id = 'o2'",
                            "DELETE FROM ECommerceData.ecom_orders WHERE order_id = 'o1'",
                            "UPDATE ECommerceData.ecom_orders SET order_id = 'o9' WHERE order_id = 'o3'");
                    output.awaitTarget(target -> target.keySet().equals(java.util.Set.of(
                            Map.of("order_id", "o2"), Map.of("order_id", "o9")))
                            && "delivered".equals(target.get(Map.of("order_id", "o2")).get("order_status")));
                    assertThat(output.target()).containsOnly(
                            Map.entry(Map.of("order_id", "o2"), order("o2", "delivered",
                                    LocalDateTime.of(2018, 1, 3, 8, 0), "100.00", false)),
                            Map.entry(Map.of("order_id", "o9"), order("o9", "created",
                                    LocalDateTime.of(2018, 2, 1, 0, 0), "1.00", false)));

                    // Schema changes: an added column and a widened one reach the output with their types.
                    mariadb.execute(
                            "ALTER TABLE ECommerceData.ecom_orders ADD COLUMN delivered_on DATE NULL",
                            "ALTER TABLE ECommerceData.ecom_orders MODIFY total DECIMAL(14,4)",
                            "UPDATE ECommerceData.ecom_orders SET delivered_on = '2018-01-09', total = 123456.7891"
                                    + " WHERE order_id = 'o2'");
                    output.awaitTarget(target -> target.get(Map.of("order_id", "o2")).containsKey("delivered_on"));
                    Map<String, Object> widened = order("o2", "delivered", LocalDateTime.of(2018, 1, 3, 8, 0),
                            "123456.7891", false);
                    widened.put("delivered_on", java.time.LocalDate.of(2018, 1, 9));
                    assertThat(output.target().get(Map.of("order_id", "o2"))).isEqualTo(widened);
                }
            }
        }
    }

    private static Map<String, Object> order(String id, String status, LocalDateTime purchased, String total,
                                             boolean paid) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("order_id", id);
        row.put("order_status", status);
        row.put("purchase_timestamp", purchased);
        row.put("total", new BigDecimal(total));
        row.put("paid", paid);
        return row;
    }

    private static java.util.Set<String> topics(InProcessKafka kafka) {
        try {
            return kafka.admin().listTopics().names().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T await(String what, java.util.function.Supplier<T> read, Predicate<T> condition) {
        return Await.until(what, WAIT, read, condition);
    }

    /** Reads the flow's committed output and applies it as the target would: upsert by key, delete on tombstone. */
    static final class OutputReader implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final WireFormat format;
        private final String topic;
        private final Map<Map<String, Object>, Map<String, Object>> target = new LinkedHashMap<>();

        OutputReader(InProcessKafka kafka, String topic, WireFormat format) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic);
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.consumer.subscribe(List.of(topic));
            this.format = format;
            this.topic = topic;
        }

        Map<Map<String, Object>, Map<String, Object>> target() {
            return target;
        }

        void awaitTarget(Predicate<Map<Map<String, Object>, Map<String, Object>>> condition) {
            await("the output topic's contents", () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    Map<String, Object> key = format.decodeKey(topic, record.key());
                    Map<String, Object> value = format.decodeValue(topic, record.value());
                    if (value == null) {
                        target.remove(key);
                    } else {
                        target.put(key, value);
                    }
                });
                return target;
            }, condition);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
