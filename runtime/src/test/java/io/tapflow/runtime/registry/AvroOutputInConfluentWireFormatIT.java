package io.tapflow.runtime.registry;

import static io.tapflow.runtime.registry.RegistryRest.get;
import static io.tapflow.runtime.registry.RegistryRest.schemaId;
import static io.tapflow.runtime.registry.RegistryRest.schemaText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tapflow.testing.InProcessKafka;
import io.tapflow.topology.event.WireFormat;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.data.Decimal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Flow output rows written with {@code WireFormat.avro} through the schema registry are Avro in the Confluent
 * wire format: a Kafka consumer that knows nothing of TapFlow or Apicurio reads them with plain Apache Avro and
 * the schema the Confluent-compatible API gives for the id in the record, and sees the values with their
 * logical types. Nulls do not change a row's schema when the column types are known, and an added column is
 * a second schema version, accepted under the default BACKWARD compatibility.
 *
 * <p>Each topic gets its own {@code WireFormat}, as each flow has: Apicurio's converter caches ids by schema
 * content alone, so one instance writing the same schema to a second topic reuses the id without registering
 * the schema under that topic's subject.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AvroOutputInConfluentWireFormatIT {

    private InProcessKafka kafka;
    private SchemaRegistryServer registry;

    @BeforeAll
    void start() {
        kafka = InProcessKafka.start();
        registry = SchemaRegistryServer.builder().start();
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void plainAvroConsumerReadsOutputRowsWithTheSchemaFromTheConfluentCompatibleApi() throws IOException {
        String topic = "tapflow.flow.orders_clean";
        WireFormat avro = WireFormat.avro(registry.apicurioV2Url());
        kafka.createTopics(1, topic);
        Map<String, Object> key = Map.of("order_id", "o1");
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("name", "Ana");
        customer.put("vip", true);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("order_id", "o1");
        row.put("quantity", 3L);
        row.put("price", new BigDecimal("1234.50"));
        row.put("purchased_at", LocalDateTime.of(2018, 1, 2, 3, 4, 5, 678_000_000));
        row.put("delivery_date", LocalDate.of(2018, 1, 9));
        row.put("updated_at", Instant.parse("2018-01-02T03:04:05.678Z"));
        row.put("is_late", false);
        row.put("carrier", null);
        row.put("customer", customer);

        send(topic, avro.encodeKey(topic, key), avro.encodeValue(topic, row));
        ConsumerRecord<byte[], byte[]> record = readAll(topic, 1).getFirst();

        int valueId = schemaId(record.value());
        int keyId = schemaId(record.key());
        assertThat(keyId).isNotEqualTo(valueId);
        JsonNode subjects = get(registry.confluentCompatibleUrl() + "/subjects");
        assertThat(subjects).extracting(JsonNode::asText).contains(topic + "-key", topic + "-value");
        assertThat(get(registry.confluentCompatibleUrl() + "/subjects/" + topic + "-value/versions/latest")
                .get("id").asInt()).isEqualTo(valueId);

        Schema valueSchema = new Schema.Parser().parse(schemaText(registry, valueId));
        assertThat(valueSchema.getType()).isEqualTo(Schema.Type.RECORD);
        assertThat(valueSchema.getFields()).extracting(Schema.Field::name).containsExactly("order_id", "quantity",
                "price", "purchased_at", "delivery_date", "updated_at", "is_late", "carrier", "customer");
        assertThat(logicalType(valueSchema, "price")).isEqualTo("decimal");
        assertThat(((LogicalTypes.Decimal) nonNull(valueSchema.getField("price").schema()).getLogicalType())
                .getScale()).isEqualTo(2);
        assertThat(logicalType(valueSchema, "purchased_at")).isEqualTo("timestamp-millis");
        assertThat(logicalType(valueSchema, "delivery_date")).isEqualTo("date");
        assertThat(logicalType(valueSchema, "updated_at")).isEqualTo("timestamp-millis");

        GenericRecord value = decodeWithPlainAvro(valueSchema, record.value());
        assertThat(value.get("order_id")).hasToString("o1");
        assertThat(value.get("quantity")).isEqualTo(3L);
        assertThat(value.get("price")).isEqualTo(new BigDecimal("1234.50"));
        assertThat(value.get("purchased_at")).isEqualTo(Instant.parse("2018-01-02T03:04:05.678Z"));
        assertThat(value.get("delivery_date")).isEqualTo(LocalDate.of(2018, 1, 9));
        assertThat(value.get("updated_at")).isEqualTo(Instant.parse("2018-01-02T03:04:05.678Z"));
        assertThat(value.get("is_late")).isEqualTo(false);
        assertThat(value.get("carrier")).isNull();
        GenericRecord nested = (GenericRecord) value.get("customer");
        assertThat(nested.get("name")).hasToString("Ana");
        assertThat(nested.get("vip")).isEqualTo(true);

        GenericRecord keyRecord = decodeWithPlainAvro(new Schema.Parser().parse(schemaText(registry, keyId)),
                record.key());
        assertThat(keyRecord.get("order_id")).hasToString("o1");

        assertThat(avro.decodeKey(topic, record.key())).isEqualTo(key);
        Map<String, Object> decoded = avro.decodeValue(topic, record.value());
        assertThat(decoded).isEqualTo(row);
        assertThat(decoded.get("purchased_at")).isInstanceOf(LocalDateTime.class);
        assertThat(decoded.get("updated_at")).isInstanceOf(Instant.class);
        assertThat(decoded.get("price")).isEqualTo(new BigDecimal("1234.50"));
        assertThat(WireFormat.avro(registry.apicurioV2Url()).decodeValue(topic, record.value()))
                .as("a second reader, with none of the writer's cached schemas").isEqualTo(row);
    }

    @Test
    void nullColumnKeepsTheRowSchemaWhenTheColumnTypeIsKnown() {
        String topic = "tapflow.flow.nulls";
        WireFormat avro = WireFormat.avro(registry.apicurioV2Url());
        Function<String, org.apache.kafka.connect.data.Schema> columnTypes = Map.of(
                "amount", Decimal.builder(2).optional().build(),
                "quantity", org.apache.kafka.connect.data.Schema.OPTIONAL_INT64_SCHEMA)::get;
        Map<String, Object> withNulls = row("id", 1L, "amount", null, "quantity", null);
        Map<String, Object> withValues = row("id", 2L, "amount", new BigDecimal("9.99"), "quantity", 5L);

        byte[] first = avro.encodeValue(topic, withNulls, columnTypes);
        byte[] second = avro.encodeValue(topic, withValues, columnTypes);

        assertThat(schemaId(second)).isEqualTo(schemaId(first));
        assertThat(get(registry.confluentCompatibleUrl() + "/subjects/" + topic + "-value/versions")).hasSize(1);
        assertThat(avro.decodeValue(topic, first)).isEqualTo(withNulls);
        assertThat(avro.decodeValue(topic, second)).isEqualTo(withValues);
    }

    @Test
    void withoutTheColumnTypeANullThenANumberIsAChangeTheRegistryRefuses() {
        String topic = "tapflow.flow.untyped_nulls";
        WireFormat avro = WireFormat.avro(registry.apicurioV2Url());
        avro.encodeValue(topic, row("id", 1L, "quantity", null));

        // A null alone is written as an optional string, and a long cannot read a string.
        assertThatThrownBy(() -> avro.encodeValue(topic, row("id", 2L, "quantity", 5L)))
                .hasMessageContaining("Incompatible artifact: " + topic + "-value");
    }

    @Test
    void addedColumnIsASecondSchemaVersionAcceptedUnderBackwardCompatibility() {
        String topic = "tapflow.flow.evolving";
        WireFormat avro = WireFormat.avro(registry.apicurioV2Url());
        assertThat(get(registry.confluentCompatibleUrl() + "/config").get("compatibilityLevel").asText())
                .isEqualTo("BACKWARD");
        Map<String, Object> v1 = row("id", 1L, "status", "new");
        Map<String, Object> v2 = row("id", 2L, "status", "paid", "paid_at", LocalDateTime.of(2024, 5, 6, 7, 8, 9));
        byte[] before = avro.encodeValue(topic, v1);
        byte[] after = avro.encodeValue(topic, v2);

        assertThat(schemaId(after)).isNotEqualTo(schemaId(before));
        assertThat(get(registry.confluentCompatibleUrl() + "/subjects/" + topic + "-value/versions"))
                .extracting(JsonNode::asInt).containsExactly(1, 2);
        assertThat(avro.decodeValue(topic, before)).isEqualTo(v1);
        assertThat(avro.decodeValue(topic, after)).isEqualTo(v2);

        assertThatThrownBy(() -> avro.encodeValue(topic, row("id", "three", "status", "paid")))
                .as("a column changing type is not BACKWARD compatible")
                .hasMessageContaining("Incompatible artifact: " + topic + "-value");
        assertThat(get(registry.confluentCompatibleUrl() + "/subjects/" + topic + "-value/versions")).hasSize(2);
    }

    /** A row with its fields in the order given, as a flow writes them. */
    private static Map<String, Object> row(Object... namesAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            row.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return row;
    }

    private void send(String topic, byte[] key, byte[] value) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new AssertionError("cannot write to " + topic, e);
        }
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertThat(records).as("records read from " + topic).hasSize(expected);
        return records;
    }

    /** What a consumer with only Apache Avro does: skip the 5-byte header, read with the writer's schema. */
    private static GenericRecord decodeWithPlainAvro(Schema schema, byte[] record) throws IOException {
        GenericData data = new GenericData();
        data.addLogicalTypeConversion(new Conversions.DecimalConversion());
        data.addLogicalTypeConversion(new TimeConversions.DateConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        byte[] avroBinary = Arrays.copyOfRange(record, 5, record.length);
        return new GenericDatumReader<GenericRecord>(schema, schema, data)
                .read(null, DecoderFactory.get().binaryDecoder(avroBinary, null));
    }

    private static String logicalType(Schema record, String field) {
        Schema schema = nonNull(record.getField(field).schema());
        return schema.getLogicalType() == null ? null : schema.getLogicalType().getName();
    }

    /** The non-null branch of an optional field's {@code ["null", T]} union. */
    private static Schema nonNull(Schema schema) {
        return schema.getType() != Schema.Type.UNION ? schema
                : schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElseThrow();
    }
}
