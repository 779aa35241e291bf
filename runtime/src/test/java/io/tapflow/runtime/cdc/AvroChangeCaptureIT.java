package io.tapflow.runtime.cdc;

import static io.tapflow.runtime.cdc.SnapshotThenChangesIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapflow.DataSource;
import io.tapflow.Flow;
import io.tapflow.connect.debezium.MySqlSourceConnectorConfig;
import io.tapflow.connect.mysql.MySqlSourceCheck;
import io.tapflow.connect.rest.ConnectRestClient;
import io.tapflow.runtime.TapFlow;
import io.tapflow.testing.mariadb.MariaDbServer;
import io.tapflow.topology.FlowStreamsConfig;
import io.tapflow.topology.FlowTopics;
import io.tapflow.topology.FlowTopology;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded stack end to end in Avro: Debezium writes the change topic in Avro through the schema
 * registry, the flow reads and writes Avro with the same registry, and a plain Kafka consumer with
 * nothing but Apache Avro and the registry's Confluent-compatible API reads the flow's output; an added
 * column registers a new schema version under BACKWARD compatibility and keeps flowing.
 */
class AvroChangeCaptureIT {

    private static final String PASSWORD = "avro-Pw-5521";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final Flow FLOW = Flow.named("orders_avro")
            .readFrom("MySQL_ECommerce.ecom_orders")
            .renameFields(Map.of("order_purchase_timestamp", "purchase_timestamp"))
            .writeTo("MongoDB_ECommerce.orders");

    @Test
    void debeziumFlowAndAPlainConsumerAllSpeakAvroThroughTheRegistry(@TempDir Path home) throws Exception {
        try (MariaDbServer mariadb = MariaDbServer.start();
             TapFlow tapflow = TapFlow.embedded(home.resolve("stack"))) {
            mariadb.createDatabase("ECommerceData");
            mariadb.execute(
                    "CREATE TABLE ECommerceData.ecom_orders (order_id VARCHAR(32) PRIMARY KEY, order_status VARCHAR(20),"
                            + " order_purchase_timestamp TIMESTAMP NULL, total DECIMAL(10,2))",
                    "INSERT INTO ECommerceData.ecom_orders VALUES ('o1', 'delivered', '2018-01-02 10:56:33', 10.50)");
            mariadb.createUser("tapflow", PASSWORD,
                    "SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR");
            DataSource crm = DataSource.mysql("MySQL_ECommerce").host(mariadb.host()).port(mariadb.port())
                    .database("ECommerceData").username("tapflow").password(PASSWORD).timezone("UTC").asSource().save();

            Map<String, String> config = MySqlSourceConnectorConfig.of(crm, MySqlSourceCheck.check(crm),
                    List.of("ecom_orders"), tapflow.secretReference("MySQL_ECommerce.password"),
                    tapflow.bootstrapServers(), tapflow.connectorConverters());
            try (ConnectRestClient connect = ConnectRestClient.of(tapflow.connectUrl())) {
                String connector = MySqlSourceConnectorConfig.connectorName("MySQL_ECommerce");
                connect.createOrUpdate(connector, config);
                await("the connector running", () -> connect.status(connector),
                        status -> status.isRunning() && !status.tasks().isEmpty()
                                && status.tasks().stream().allMatch(t -> t.state().name().equals("RUNNING")));
            }
            String changeTopic = FlowTopics.changeTopic("MySQL_ECommerce", "ECommerceData", "ecom_orders");
            FlowTopics topics = FlowTopics.of(FLOW.spec(), changeTopic);
            try (PlainConsumer changes = new PlainConsumer(tapflow.bootstrapServers(), changeTopic)) {
                byte[] debeziumValue = changes.await(1).getFirst().value();
                assertThat(debeziumValue[0]).as("Debezium writes the Confluent wire format").isZero();
            }

            createTopics(tapflow, topics);
            Properties props = FlowStreamsConfig.of(FLOW.name(), tapflow.bootstrapServers());
            props.put(StreamsConfig.STATE_DIR_CONFIG, home.resolve("streams").toString());
            try (KafkaStreams streams = new KafkaStreams(
                    FlowTopology.build(FLOW.spec(), topics, tapflow.wireFormat()), props);
                 PlainConsumer output = new PlainConsumer(tapflow.bootstrapServers(), topics.output())) {
                streams.start();
                String ccompat = tapflow.registryUrl().replace("/apis/registry/v2", "/apis/ccompat/v7");

                GenericRecord first = decode(ccompat, output.await(1).getFirst().value());
                assertThat(first.get("order_id").toString()).isEqualTo("o1");
                assertThat(first.get("total")).isEqualTo(new BigDecimal("10.50"));
                assertThat(first.get("purchase_timestamp")).isEqualTo(Instant.parse("2018-01-02T10:56:33Z"));
                assertThat(first.getSchema().getField("order_purchase_timestamp")).isNull();

                mariadb.execute("ALTER TABLE ECommerceData.ecom_orders ADD COLUMN carrier VARCHAR(40) NULL",
                        "INSERT INTO ECommerceData.ecom_orders VALUES ('o2', 'shipped', NULL, 7.00, 'DHL')");
                List<ConsumerRecord<byte[], byte[]>> both = output.await(2);
                GenericRecord second = decode(ccompat, both.get(1).value());
                assertThat(second.get("carrier").toString()).isEqualTo("DHL");
                assertThat(second.get("purchase_timestamp")).isNull();
                assertThat(schemaId(both.get(1).value())).isNotEqualTo(schemaId(both.get(0).value()));
                assertThat(get(ccompat + "/subjects/" + topics.output() + "-value/versions").size()).isEqualTo(2);
                assertThat(get(ccompat + "/config/" + topics.output() + "-value?defaultToGlobal=true")
                        .get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
            }
        }
    }

    private static void createTopics(TapFlow tapflow, FlowTopics topics) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", tapflow.bootstrapServers());
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topics.output(), 1, (short) 1),
                    new org.apache.kafka.clients.admin.NewTopic(topics.deadLetter(), 1, (short) 1))).all().get();
        }
    }

    /** What a consumer with only Apache Avro does: fetch the writer's schema by id, skip the 5-byte header. */
    private static GenericRecord decode(String ccompat, byte[] record) throws IOException {
        Schema schema = new Schema.Parser().parse(get(ccompat + "/schemas/ids/" + schemaId(record)).get("schema").asText());
        GenericData data = new GenericData();
        data.addLogicalTypeConversion(new Conversions.DecimalConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        data.addLogicalTypeConversion(new TimeConversions.DateConversion());
        return new GenericDatumReader<GenericRecord>(schema, schema, data)
                .read(null, DecoderFactory.get().binaryDecoder(Arrays.copyOfRange(record, 5, record.length), null));
    }

    private static int schemaId(byte[] record) {
        assertThat(record[0]).as("magic byte").isZero();
        return ByteBuffer.wrap(record, 1, 4).getInt();
    }

    private static com.fasterxml.jackson.databind.JsonNode get(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET " + url + ": " + response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A plain byte consumer reading committed records from the start. */
    private static final class PlainConsumer implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();

        PlainConsumer(String bootstrapServers, String topic) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "plain-" + topic);
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(topic));
        }

        List<ConsumerRecord<byte[], byte[]>> await(int count) {
            return SnapshotThenChangesIT.await(count + " records", () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value() != null) {
                        seen.add(r);
                    }
                });
                return seen;
            }, records -> records.size() >= count);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
