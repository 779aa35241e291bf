package io.tapflow.topology.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DebeziumTableTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final WireFormat json = WireFormat.json(true);

    private static DebeziumTable orders() {
        return DebeziumTable.builder("dbserver1", "shop", "orders")
                .column("id", ColumnType.intType())
                .column("customer", ColumnType.varchar())
                .column("total", ColumnType.decimal(10, 2))
                .column("status", ColumnType.enumOf("new", "paid", "shipped"))
                .column("updated_at", ColumnType.timestamp())
                .primaryKey("id")
                .build();
    }

    private static Map<String, Object> order(int id, String status, String updatedAt) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("customer", "ada");
        row.put("total", new BigDecimal("19.99"));
        row.put("status", status);
        row.put("updated_at", Instant.parse(updatedAt));
        return row;
    }

    @Test
    void writesTheSameSchemaKeyAndPayloadAsTheDebeziumConnector() throws IOException {
        DebeziumTable orders = orders();

        RawRecord record = orders.insert(order(1001, "new", "2024-03-16T08:00:00Z")).getFirst();

        JsonNode written = MAPPER.readTree(record.value());
        JsonNode debezium = MAPPER.readTree(Fixtures.bytes("orders-create.json"));
        assertThat(written.get("schema")).isEqualTo(debezium.get("schema"));
        assertThat(written.get("payload").get("after")).isEqualTo(debezium.get("payload").get("after"));
        assertThat(written.get("payload").get("op").asText()).isEqualTo("c");
        assertThat(written.get("payload").get("before").isNull()).isTrue();
        assertThat(fieldNames(written.get("payload"))).isEqualTo(fieldNames(debezium.get("payload")));
        assertThat(fieldNames(written.get("payload").get("source"))).isEqualTo(fieldNames(debezium.get("payload").get("source")));
        JsonNode source = written.get("payload").get("source");
        assertThat(source.get("connector").asText()).isEqualTo("mysql");
        assertThat(source.get("name").asText()).isEqualTo("dbserver1");
        assertThat(source.get("db").asText()).isEqualTo("shop");
        assertThat(source.get("table").asText()).isEqualTo("orders");
        assertThat(source.get("snapshot").asText()).isEqualTo("false");
        assertThat(MAPPER.readTree(record.key())).isEqualTo(MAPPER.readTree(Fixtures.bytes("orders-1001.key.json")));
        assertThat(orders.topic()).isEqualTo("dbserver1.shop.orders");
    }

    @Test
    void schemalessTableWritesPayloadsOnly() throws IOException {
        DebeziumTable orders = DebeziumTable.builder("dbserver1", "shop", "orders")
                .column("id", ColumnType.intType()).column("total", ColumnType.decimal(10, 2))
                .primaryKey("id").schemas(false).build();

        RawRecord record = orders.insert(Map.of("id", 1001, "total", new BigDecimal("19.99"))).getFirst();

        assertThat(MAPPER.readTree(record.key())).isEqualTo(MAPPER.readTree("{\"id\":1001}"));
        JsonNode value = MAPPER.readTree(record.value());
        assertThat(value.has("schema")).isFalse();
        assertThat(value.get("after")).isEqualTo(MAPPER.readTree("{\"id\":1001,\"total\":\"B88=\"}"));
        ChangeEvent event = WireFormat.json(false).decode(orders.topic(), record.key(), record.value());
        assertThat(event.after()).containsExactly(entry("id", 1001L), entry("total", "B88="));
    }

    @Test
    void everyColumnTypeRoundTripsThroughTheDecoder() {
        DebeziumTable table = DebeziumTable.builder("app", "db", "everything")
                .column("id", ColumnType.bigint())
                .column("name", ColumnType.varchar())
                .column("body", ColumnType.text())
                .column("n", ColumnType.intType())
                .column("tiny", ColumnType.tinyint())
                .column("small", ColumnType.smallint())
                .column("d", ColumnType.doubleType())
                .column("f", ColumnType.floatType())
                .column("price", ColumnType.decimal(12, 3))
                .column("day", ColumnType.date())
                .column("at", ColumnType.datetime())
                .column("at_ms", ColumnType.datetime(3))
                .column("at_us", ColumnType.datetime(6))
                .column("stamped", ColumnType.timestamp())
                .column("opens", ColumnType.time())
                .column("yr", ColumnType.year())
                .column("flag", ColumnType.bool())
                .column("bit", ColumnType.bit1())
                .column("doc", ColumnType.json())
                .column("raw", ColumnType.blob())
                .column("state", ColumnType.enumOf("on", "off"))
                .column("missing", ColumnType.varchar())
                .primaryKey("id")
                .build();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("a", List.of(1L, 2L));
        doc.put("b", Map.of("c", "x"));
        doc.put("d", 2.5);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", 9_000_000_000L);
        row.put("name", "Zoë");
        row.put("body", "long text");
        row.put("n", -42);
        row.put("tiny", -128);
        row.put("small", 32767);
        row.put("d", 0.1);
        row.put("f", 2.25f);
        row.put("price", new BigDecimal("-123456789.125"));
        row.put("day", LocalDate.of(1965, 7, 1));
        row.put("at", LocalDateTime.of(2024, 2, 29, 23, 59, 59));
        row.put("at_ms", LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_000_000));
        row.put("at_us", LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000));
        row.put("stamped", Instant.parse("2038-01-19T03:14:07Z"));
        row.put("opens", LocalTime.of(23, 5, 1));
        row.put("yr", 1999);
        row.put("flag", true);
        row.put("bit", false);
        row.put("doc", doc);
        row.put("raw", new byte[] {0, -1, 7});
        row.put("state", "off");
        row.put("missing", null);

        RawRecord record = table.insert(row).getFirst();
        ChangeEvent event = json.decode(table.topic(), record.key(), record.value());

        assertThat(event.op()).isEqualTo(Operation.INSERT);
        assertThat(event.key()).containsExactly(entry("id", 9_000_000_000L));
        Map<String, Object> after = event.after();
        assertThat(after.keySet()).containsExactlyElementsOf(row.keySet());
        Map<String, Object> expected = new LinkedHashMap<>(row);
        expected.remove("raw");
        after.forEach((column, value) -> {
            if (!column.equals("raw")) {
                assertThat(value).as(column).isEqualTo(expected.get(column));
            }
        });
        assertThat((byte[]) after.get("raw")).containsExactly(0, -1, 7);
        assertThat(event.source()).containsEntry("connector", "mysql").containsEntry("table", "everything");
    }

    @Test
    void timeBeyondADayAndFractionalSecondsRoundAsMySqlStoresThem() {
        DebeziumTable table = DebeziumTable.builder("app", "db", "t")
                .column("id", ColumnType.intType())
                .column("span", ColumnType.time())
                .column("at", ColumnType.datetime(2))
                .column("stamped", ColumnType.timestamp())
                .primaryKey("id").build();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", 1);
        row.put("span", Duration.ofHours(100));
        row.put("at", LocalDateTime.of(2024, 1, 1, 0, 0, 0, 125_000_000));
        row.put("stamped", Instant.parse("2024-01-01T00:00:00.600Z"));

        RawRecord record = table.insert(row).getFirst();
        Map<String, Object> after = json.decode(table.topic(), record.key(), record.value()).after();

        assertThat(after.get("span")).isEqualTo(Duration.ofHours(100));
        assertThat(after.get("at")).isEqualTo(LocalDateTime.of(2024, 1, 1, 0, 0, 0, 130_000_000));
        assertThat(after.get("stamped")).isEqualTo(Instant.parse("2024-01-01T00:00:01Z"));
    }

    @Test
    void snapshotUpdateAndDeleteWriteDebeziumsRecordSequence() {
        DebeziumTable orders = orders();
        Map<String, Object> placed = order(1001, "new", "2024-03-16T08:00:00Z");
        Map<String, Object> paid = order(1001, "paid", "2024-03-16T08:05:00Z");

        List<RawRecord> snapshot = orders.snapshot(placed);
        List<RawRecord> update = orders.update(placed, paid);
        List<RawRecord> delete = orders.delete(paid);

        ChangeEvent read = json.decode(orders.topic(), snapshot.getFirst().key(), snapshot.getFirst().value());
        assertThat(snapshot).hasSize(1);
        assertThat(read.op()).isEqualTo(Operation.SNAPSHOT);
        assertThat(read.source()).containsEntry("snapshot", "true");
        assertThat(update).hasSize(1);
        ChangeEvent updated = json.decode(orders.topic(), update.getFirst().key(), update.getFirst().value());
        assertThat(updated.op()).isEqualTo(Operation.UPDATE);
        assertThat(updated.before()).containsEntry("status", "new");
        assertThat(updated.after()).containsEntry("status", "paid");
        assertThat(delete).hasSize(2);
        assertThat(json.decode(orders.topic(), delete.get(0).key(), delete.get(0).value()).op()).isEqualTo(Operation.DELETE);
        assertThat(delete.get(1).value()).as("tombstone").isNull();
        assertThat(delete.get(1).key()).isEqualTo(delete.get(0).key());
    }

    @Test
    void primaryKeyChangeBecomesDeleteTombstoneAndCreate() {
        DebeziumTable orders = orders();

        List<RawRecord> records = orders.update(order(1001, "paid", "2024-03-16T08:05:00Z"), order(2001, "paid", "2024-03-16T08:05:00Z"));

        assertThat(records).hasSize(3);
        List<Object> decoded = new ArrayList<>();
        for (RawRecord r : records) {
            ChangeEvent e = json.decode(orders.topic(), r.key(), r.value());
            decoded.add(e == null ? "tombstone " + json.decodeKey(orders.topic(), r.key()) : e.op() + " " + e.key());
        }
        assertThat(decoded).containsExactly("DELETE {id=1001}", "tombstone {id=1001}", "INSERT {id=2001}");
    }

    @Test
    void binlogPositionAdvancesWithEveryChange() {
        DebeziumTable orders = orders();

        RawRecord first = orders.insert(order(1, "new", "2024-03-16T08:00:00Z")).getFirst();
        RawRecord second = orders.insert(order(2, "new", "2024-03-16T08:00:00Z")).getFirst();

        long firstPos = (Long) json.decode(orders.topic(), first.key(), first.value()).source().get("pos");
        long secondPos = (Long) json.decode(orders.topic(), second.key(), second.value()).source().get("pos");
        assertThat(secondPos).isGreaterThan(firstPos);
    }

    @Test
    void valueOfTheWrongTypeNamesColumnAndTypes() {
        Map<String, Object> row = order(1001, "new", "2024-03-16T08:00:00Z");
        row.put("total", "19.99");

        assertThatThrownBy(() -> orders().insert(row))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Column 'total' is DECIMAL(10,2): takes BigDecimal but got java.lang.String (19.99)");
    }

    @Test
    void valuesTheColumnCannotHoldAreRejected() {
        Map<String, Object> tooPrecise = order(1, "new", "2024-03-16T08:00:00Z");
        tooPrecise.put("total", new BigDecimal("1.005"));
        Map<String, Object> badEnum = order(1, "lost", "2024-03-16T08:00:00Z");
        Map<String, Object> unknownColumn = order(1, "new", "2024-03-16T08:00:00Z");
        unknownColumn.put("colour", "red");
        Map<String, Object> nullKey = order(1, "new", "2024-03-16T08:00:00Z");
        nullKey.put("id", null);

        assertThatThrownBy(() -> orders().insert(tooPrecise)).hasMessageContaining("'total'").hasMessageContaining("more than 2 decimal places");
        assertThatThrownBy(() -> orders().insert(badEnum)).hasMessageContaining("'status'").hasMessageContaining("'lost' is not one of [new, paid, shipped]");
        assertThatThrownBy(() -> orders().insert(unknownColumn)).hasMessageContaining("no column 'colour'");
        assertThatThrownBy(() -> orders().insert(nullKey)).hasMessageContaining("Primary-key column 'id'");
        assertThatThrownBy(() -> DebeziumTable.builder("p", "d", "t").column("a", ColumnType.intType()).primaryKey("b").build())
                .hasMessageContaining("'b' is not a column");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
