package io.tapflow.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapflow.Flow;
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
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/**
 * A column that is null in one row and set in the next is written with the same schema both times,
 * even after a rename: a schema registry would refuse a field whose type changes with its nulls.
 */
class NullColumnsKeepTheirTypeTest {

    private static final DebeziumTable ORDERS = DebeziumTable.builder("tapflow.crm", "shop", "orders")
            .column("id", ColumnType.intType())
            .column("approved_at", ColumnType.datetime())
            .column("total", ColumnType.decimal(10, 2))
            .column("note", ColumnType.varchar())
            .primaryKey("id")
            .build();

    private static final Flow FLOW = Flow.named("orders_typed").readFrom("crm.orders")
            .renameFields(Map.of("approved_at", "approved", "total", "amount"))
            .addFields("note", "amount")
            .writeTo("mongo.orders");

    private static Map<String, Object> order(int id, LocalDateTime approved, BigDecimal total) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("approved_at", approved);
        row.put("total", total);
        row.put("note", "n");
        return row;
    }

    @Test
    void nullAndNonNullRowsShareOneSchema() throws Exception {
        FlowTopics topics = FlowTopics.of(FLOW.spec(), ORDERS.topic());
        Properties props = FlowStreamsConfig.of(FLOW.name(), "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        List<JsonNode> schemas = new ArrayList<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                FlowTopology.build(FLOW.spec(), topics, WireFormat.json(true)), props)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(topics.source(), new ByteArraySerializer(),
                    new ByteArraySerializer());
            List<RawRecord> records = new ArrayList<>();
            records.addAll(ORDERS.insert(order(1, LocalDateTime.of(2018, 1, 2, 3, 4), new BigDecimal("9.99"))));
            records.addAll(ORDERS.insert(order(2, null, null)));
            records.forEach(r -> in.pipeInput(r.key(), r.value()));
            TestOutputTopic<byte[], byte[]> out = driver.createOutputTopic(topics.output(), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            ObjectMapper json = new ObjectMapper();
            for (byte[] value : out.readValuesToList()) {
                schemas.add(json.readTree(value).get("schema"));
            }
        }
        assertThat(schemas).hasSize(2);
        assertThat(schemas.get(1)).isEqualTo(schemas.get(0));
        assertThat(field(schemas.get(1), "approved").get("name").asText()).isEqualTo("org.apache.kafka.connect.data.Timestamp");
        assertThat(field(schemas.get(1), "amount").get("name").asText()).isEqualTo("org.apache.kafka.connect.data.Decimal");
    }

    @Test
    void renamesAndAddedFieldsMapOutputFieldsToTheirColumns() {
        SourceColumns columns = SourceColumns.of(FLOW.spec().stages());
        assertThat(columns.columnOf("approved")).isEqualTo("approved_at");
        assertThat(columns.columnOf("amount")).isEqualTo("total");
        assertThat(columns.columnOf("approved_at")).isNull();
        assertThat(columns.columnOf("note")).isNull();
        assertThat(columns.columnOf("id")).isEqualTo("id");

        Flow chained = Flow.named("chained").readFrom("crm.orders")
                .renameFields(Map.of("a", "b"))
                .renameFields(Map.of("b", "c"))
                .writeTo("mongo.orders");
        assertThat(SourceColumns.of(chained.spec().stages()).columnOf("c")).isEqualTo("a");
    }

    private static JsonNode field(JsonNode schema, String name) {
        for (JsonNode field : schema.get("fields")) {
            if (field.get("field").asText().equals(name)) {
                return field;
            }
        }
        throw new AssertionError("no field " + name + " in " + schema);
    }
}
