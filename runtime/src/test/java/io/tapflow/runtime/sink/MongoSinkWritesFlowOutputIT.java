package io.tapflow.runtime.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.tapflow.DataSource;
import io.tapflow.connect.ConnectorConverters;
import io.tapflow.connect.mongodb.MongoSinkConnectorConfig;
import io.tapflow.connect.mongodb.MongoSinkOptions;
import io.tapflow.connect.rest.ConnectRestClient;
import io.tapflow.connect.rest.ConnectorStatus;
import io.tapflow.runtime.connect.EmbeddedConnectWorker;
import io.tapflow.runtime.mongodb.EmbeddedMongoServer;
import io.tapflow.spec.EndpointSpec;
import io.tapflow.spec.FlowSpec;
import io.tapflow.testing.Await;
import io.tapflow.testing.InProcessKafka;
import io.tapflow.topology.FlowTopics;
import io.tapflow.topology.event.WireFormat;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flow's output topic, written as flows write it, lands in its MongoDB collection through the sink
 * connector config TapFlow builds: one document per key, replaced on update, removed on a tombstone, with
 * BSON types kept; a document MongoDB refuses goes to the flow's sink dead-letter topic and the records after
 * it still arrive. The server is the embedded stack's MongoDB, on its H2 file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MongoSinkWritesFlowOutputIT {

    private static final WireFormat FORMAT = WireFormat.json(true);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private InProcessKafka kafka;
    private EmbeddedMongoServer mongoServer;
    private DataSource mongoTarget;
    private MongoClient mongo;
    private EmbeddedConnectWorker worker;
    private ConnectRestClient connect;
    private KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    void start(@TempDir Path mongoDirectory) {
        kafka = InProcessKafka.start();
        mongoServer = EmbeddedMongoServer.start(mongoDirectory, 0);
        String uri = mongoServer.uri() + "/ecommerce";
        mongoTarget = DataSource.mongodb("MongoDB_ECommerce").uri(uri).asTarget();
        mongo = MongoClients.create(uri);
        worker = EmbeddedConnectWorker.builder(kafka.bootstrapServers(), "sink-it").start();
        connect = ConnectRestClient.builder(worker.restUrl()).requestTimeout(Duration.ofSeconds(30)).build();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer = new KafkaProducer<>(props);
    }

    @AfterAll
    void stop() {
        if (producer != null) {
            producer.close();
        }
        if (connect != null) {
            connect.close();
        }
        if (worker != null) {
            worker.close();
        }
        if (mongo != null) {
            mongo.close();
        }
        if (mongoServer != null) {
            mongoServer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void rowsAreUpsertedByKeyReplacedOnUpdateAndRemovedOnTombstoneWithBsonTypesKept() {
        FlowTopics topics = startSink("orders", "orders", MongoSinkOptions.defaults().keyColumns(List.of("order_id")));
        MongoCollection<Document> orders = mongo.getDatabase("ecommerce").getCollection("orders");

        send(topics, Map.of("order_id", "o1"), order("o1", "19.90", false));
        send(topics, Map.of("order_id", "o2"), order("o2", "5.00", false));
        send(topics, Map.of("order_id", "o3"), order("o3", "7.25", false));
        send(topics, Map.of("order_id", "o1"), order("o1", "21.90", true));
        send(topics, Map.of("order_id", "o2"), null);

        await("o1 replaced and o2 removed", () -> orders.find().into(new ArrayList<>()), documents ->
                documents.size() == 2 && documents.stream().anyMatch(doc -> Boolean.TRUE.equals(doc.get("paid"))));

        assertThat(orders.countDocuments(Filters.eq("_id", "o2"))).isZero();
        Document o1 = orders.find(Filters.eq("_id", "o1")).first();
        assertThat(o1).isNotNull();
        assertThat(o1.get("order_id")).isEqualTo("o1");
        assertThat(o1.get("customer")).isEqualTo("Ada");
        assertThat(o1.get("quantity")).isEqualTo(3L);
        assertThat(o1.get("total")).isEqualTo(new Decimal128(new BigDecimal("21.90")));
        assertThat(o1.get("ordered_at")).isEqualTo(
                Date.from(LocalDateTime.of(2026, 3, 1, 10, 15, 30).toInstant(ZoneOffset.UTC)));
        assertThat(o1.get("ship_date")).isEqualTo(
                Date.from(LocalDate.of(2026, 3, 3).atStartOfDay().toInstant(ZoneOffset.UTC)));
        assertThat(o1.get("paid")).isEqualTo(true);
        assertThat(o1.get("address")).isEqualTo(new Document("city", "Berlin").append("zip", "10115"));
        assertThat(o1.get("tags")).isEqualTo(List.of("gift", "express"));
        assertThat(o1.get("lines")).isEqualTo(List.of(
                new Document("sku", "A-1").append("qty", 1L), new Document("sku", "B-2").append("qty", 2L)));
        assertThat(orders.find(Filters.eq("_id", "o3")).first()).isNotNull()
                .extracting(doc -> doc.get("total")).isEqualTo(new Decimal128(new BigDecimal("7.25")));
    }

    @Test
    void aDocumentMongoDbRefusesGoesToTheSinkDeadLetterTopicAndLaterRecordsStillArrive() {
        FlowTopics topics = startSink("order_lines", "order_lines", MongoSinkOptions.defaults());
        MongoCollection<Document> lines = mongo.getDatabase("ecommerce").getCollection("order_lines");
        Map<String, Object> firstKey = lineKey("o1", 1);
        Map<String, Object> refusedKey = lineKey("o1", 2);
        Map<String, Object> laterKey = lineKey("o1", 3);

        String deadLetterTopic = MongoSinkConnectorConfig.deadLetterTopic(topics);
        // The sink's driver refuses a field name starting with '$' before sending, which dead-letters the
        // whole bulk write it is in: each record is sent once the one before it is handled, so that each is
        // a bulk write of its own.
        send(topics, firstKey, line("o1", 1, "sku", "A-1"));
        await("the first line", () -> lines.countDocuments(), count -> count == 1);
        send(topics, refusedKey, line("o1", 2, "$sku", "B-2"));
        readAll(deadLetterTopic, 1);
        send(topics, laterKey, line("o1", 3, "sku", "C-3"));

        await("the line after the refused one", () -> lines.countDocuments(), count -> count == 2);
        // A composite key is the document's _id as a sub-document.
        assertThat(lines.find(Filters.eq("_id", new Document(firstKey))).first()).isNotNull()
                .extracting(doc -> doc.get("sku")).isEqualTo("A-1");
        assertThat(lines.find(Filters.eq("_id", new Document(laterKey))).first()).isNotNull()
                .extracting(doc -> doc.get("sku")).isEqualTo("C-3");
        assertThat(lines.countDocuments(Filters.eq("_id", new Document(refusedKey)))).isZero();

        List<ConsumerRecord<byte[], byte[]>> deadLetters = readAll(deadLetterTopic, 1);
        assertThat(deadLetters).hasSize(1);
        ConsumerRecord<byte[], byte[]> refused = deadLetters.getFirst();
        assertThat(FORMAT.decodeKey(topics.output(), refused.key())).isEqualTo(refusedKey);
        assertThat(FORMAT.decodeValue(topics.output(), refused.value())).containsEntry("$sku", "B-2");
        assertThat(header(refused, "__connect.errors.topic")).isEqualTo(topics.output());
        assertThat(header(refused, "__connect.errors.connector.name")).isEqualTo("tapflow-sink-order_lines");
        assertThat(header(refused, "__connect.errors.exception.class.name")).isNotBlank();
        assertThat(header(refused, "__connect.errors.exception.message")).contains("$sku");
        assertThat(connect.status("tapflow-sink-order_lines").isRunning()).isTrue();
    }

    @Test
    void aRowOfAnAbortedTransactionNeverReachesTheCollection() throws Exception {
        FlowTopics topics = startSink("payments", "payments", MongoSinkOptions.defaults().keyColumns(List.of("order_id")));
        MongoCollection<Document> payments = mongo.getDatabase("ecommerce").getCollection("payments");
        String topic = topics.output();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sink-it-aborted");
        // As a flow writes its output: in exactly-once transactions, one of which is aborted here.
        try (KafkaProducer<byte[], byte[]> flow = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            flow.initTransactions();
            flow.beginTransaction();
            flow.send(new ProducerRecord<>(topic, FORMAT.encodeKey(topic, Map.of("order_id", "aborted")),
                    FORMAT.encodeValue(topic, order("aborted", "1.00", false)))).get();
            flow.abortTransaction();
            flow.beginTransaction();
            flow.send(new ProducerRecord<>(topic, FORMAT.encodeKey(topic, Map.of("order_id", "committed")),
                    FORMAT.encodeValue(topic, order("committed", "2.00", true)))).get();
            flow.commitTransaction();
        }

        await("the committed row", () -> payments.countDocuments(Filters.eq("_id", "committed")), count -> count == 1);
        assertThat(payments.countDocuments(Filters.eq("_id", "aborted"))).isZero();
    }

    private FlowTopics startSink(String flowName, String collection, MongoSinkOptions options) {
        FlowSpec flow = new FlowSpec(FlowSpec.FORMAT_VERSION, flowName,
                new EndpointSpec("read:ecom_" + flowName, "MySQL_ECommerce.ecom_" + flowName), List.of(),
                new EndpointSpec("write:" + collection, "MongoDB_ECommerce." + collection));
        FlowTopics topics = FlowTopics.of(flow, "tapflow.MySQL_ECommerce.ECommerceData.ecom_" + flowName);
        kafka.createTopics(1, topics.output());
        Map<String, String> config = MongoSinkConnectorConfig.of(flow, mongoTarget, topics,
                ConnectorConverters.jsonWithSchemas(), null, options);
        connect.createOrUpdate(config.get("name"), config);
        await("the sink of flow " + flowName + " to run", () -> connect.status(config.get("name")),
                ConnectorStatus::isRunning);
        return topics;
    }

    private void send(FlowTopics topics, Map<String, Object> key, Map<String, Object> row) {
        String topic = topics.output();
        try {
            producer.send(new ProducerRecord<>(topic, FORMAT.encodeKey(topic, key),
                    row == null ? null : FORMAT.encodeValue(topic, row))).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write to " + topic, e);
        }
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int atLeast) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "sink-it-" + topic);
        // Each read starts from the beginning.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            await("at least " + atLeast + " record(s) on " + topic, () -> {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                return records;
            }, read -> read.size() >= atLeast);
            // Read on to the topic's current end: a record there beyond the expected ones should not be there.
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            await("the end of " + topic, () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            }, atEnd -> atEnd);
            return records;
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> order(String id, String total, boolean paid) {
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("city", "Berlin");
        address.put("zip", "10115");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("order_id", id);
        row.put("customer", "Ada");
        row.put("quantity", 3L);
        row.put("total", new BigDecimal(total));
        row.put("ordered_at", LocalDateTime.of(2026, 3, 1, 10, 15, 30));
        row.put("ship_date", LocalDate.of(2026, 3, 3));
        row.put("paid", paid);
        row.put("address", address);
        row.put("tags", List.of("gift", "express"));
        row.put("lines", List.of(lineItem("A-1", 1L), lineItem("B-2", 2L)));
        return row;
    }

    private static Map<String, Object> lineItem(String sku, long qty) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("sku", sku);
        item.put("qty", qty);
        return item;
    }

    private static Map<String, Object> lineKey(String orderId, int line) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("order_id", orderId);
        key.put("line", line);
        return key;
    }

    private static Map<String, Object> line(String orderId, int line, String skuField, String sku) {
        Map<String, Object> row = lineKey(orderId, line);
        row.put(skuField, sku);
        return row;
    }

    private static <T> T await(String what, Supplier<T> read, Predicate<T> condition) {
        return Await.until(what, TIMEOUT, read, condition);
    }
}
