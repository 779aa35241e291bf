package io.tapflow.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapflow.Flow;
import io.tapflow.Lookup;
import io.tapflow.topology.event.ColumnType;
import io.tapflow.topology.event.DebeziumTable;
import io.tapflow.topology.event.RawRecord;
import io.tapflow.topology.event.WireFormat;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/**
 * A looked-up row's null columns keep their types inside the wide document (merged at the root, in a sub-document
 * or in an array's elements), so the first document with a null does not register a schema that the next one, with
 * a value, could not follow: a schema registry refuses a field whose type changes.
 */
class EmbeddedNullsKeepTheirTypeTest {

    private static final DebeziumTable ORDERS = DebeziumTable.builder("tapflow.crm", "shop", "orders")
            .column("id", ColumnType.intType()).column("customer_id", ColumnType.intType())
            .column("approved_at", ColumnType.datetime()).primaryKey("id").build();
    private static final DebeziumTable CUSTOMERS = DebeziumTable.builder("tapflow.crm", "shop", "customers")
            .column("customer_id", ColumnType.intType()).column("since", ColumnType.datetime())
            .column("credit", ColumnType.decimal(10, 2)).primaryKey("customer_id").build();

    private static final Flow FLOW = Flow.named("orders_wide").readFrom("crm.orders")
            .lookup("crm.customers", Lookup.relation("customer_id", "customer_id"))
            .lookup("crm.customers", Lookup.object("customer").relation("customer_id", "customer_id"))
            .lookup("crm.customers", Lookup.array("customers").relation("customer_id", "customer_id"))
            .writeTo("mongo.orders");

    @Test
    void documentsWithNullAndSetEmbeddedColumnsShareOneSchema() throws Exception {
        FlowTopics topics = FlowTopics.of(FLOW.spec(), ORDERS.topic()).withLookup("crm.customers", CUSTOMERS.topic());
        Properties props = FlowStreamsConfig.of(FLOW.name(), "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        List<JsonNode> schemas = new ArrayList<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                FlowTopology.build(FLOW.spec(), topics, WireFormat.json(true)), props)) {
            var orders = driver.createInputTopic(topics.source(), new ByteArraySerializer(), new ByteArraySerializer());
            var customers = driver.createInputTopic(CUSTOMERS.topic(), new ByteArraySerializer(),
                    new ByteArraySerializer());
            pipe(customers, CUSTOMERS.insert(row("customer_id", 1, "since", null, "credit", null)));
            pipe(orders, ORDERS.insert(row("id", 10, "customer_id", 1, "approved_at", null)));
            TestOutputTopic<byte[], byte[]> out = driver.createOutputTopic(topics.output(), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            JsonNode first = lastSchema(out);
            pipe(customers, CUSTOMERS.insert(row("customer_id", 2, "since", LocalDateTime.of(2017, 3, 4, 5, 6),
                    "credit", new BigDecimal("12.50"))));
            pipe(orders, ORDERS.insert(row("id", 11, "customer_id", 2, "approved_at", LocalDateTime.of(2018, 1, 1, 0, 0))));
            schemas.add(first);
            schemas.add(lastSchema(out));
        }
        assertThat(schemas.get(0)).isEqualTo(schemas.get(1));
        JsonNode schema = schemas.get(0);
        assertThat(field(schema, "approved_at").get("name").asText()).isEqualTo("org.apache.kafka.connect.data.Timestamp");
        assertThat(field(schema, "credit").get("name").asText()).isEqualTo("org.apache.kafka.connect.data.Decimal");
        assertThat(field(field(schema, "customer"), "since").get("name").asText())
                .isEqualTo("org.apache.kafka.connect.data.Timestamp");
        assertThat(field(field(schema, "customers").get("items"), "credit").get("name").asText())
                .isEqualTo("org.apache.kafka.connect.data.Decimal");
    }

    private static JsonNode lastSchema(TestOutputTopic<byte[], byte[]> out) throws Exception {
        List<byte[]> values = out.readValuesToList();
        assertThat(values).isNotEmpty();
        return new ObjectMapper().readTree(values.getLast()).get("schema");
    }

    private static void pipe(org.apache.kafka.streams.TestInputTopic<byte[], byte[]> topic, List<RawRecord> records) {
        records.forEach(r -> topic.pipeInput(r.key(), r.value()));
    }

    private static JsonNode field(JsonNode struct, String name) {
        for (JsonNode field : struct.get("fields")) {
            if (field.get("field").asText().equals(name)) {
                return field;
            }
        }
        throw new AssertionError("no field " + name + " in " + struct);
    }

    private static Map<String, Object> row(Object... pairs) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            row.put((String) pairs[i], pairs[i + 1]);
        }
        return row;
    }
}
