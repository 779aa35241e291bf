package io.tapflow.topology.event;

import static io.tapflow.topology.event.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decodes records shaped exactly as Debezium's MySQL/MariaDB connectors write them with the JsonConverter. */
class DebeziumEventDecodingTest {

    private static final String ALL_TYPES = "dbserver1.shop.all_types";
    private static final String ORDERS = "dbserver1.shop.orders";

    private final WireFormat json = WireFormat.json(true);

    @Test
    void snapshotReadDecodesEveryColumnTypeToItsJavaType() {
        ChangeEvent event = json.decode(ALL_TYPES, bytes("all_types.key.json"), bytes("all_types-snapshot.json"));

        assertThat(event.op()).isEqualTo(Operation.SNAPSHOT);
        assertThat(event.key()).containsExactly(entry("id", 1));
        assertThat(event.before()).isNull();
        assertThat(event.tsMs()).isEqualTo(1710497800412L);

        Map<String, Object> after = event.after();
        assertThat(after).isInstanceOf(LinkedHashMap.class);
        assertThat(after.keySet()).containsExactly("id", "name", "tiny_flag", "tiny_num", "active", "bit_flag", "small",
                "big", "ratio", "score", "price", "discount", "born", "created", "precise", "updated_at", "opens", "yr",
                "doc", "status", "tags", "photo", "note", "qty");
        assertThat(after.get("id")).isEqualTo(1);
        assertThat(after.get("name")).isEqualTo("Ada");
        assertThat(after.get("tiny_flag")).as("TINYINT(1) with propagated source type").isEqualTo(true);
        assertThat(after.get("tiny_num")).as("TINYINT(4) stays a number").isEqualTo(-7);
        assertThat(after.get("active")).isEqualTo(true);
        assertThat(after.get("bit_flag")).isEqualTo(false);
        assertThat(after.get("small")).isEqualTo(1234);
        assertThat(after.get("big")).isEqualTo(9007199254740993L);
        assertThat(after.get("ratio")).isEqualTo(1.5f);
        assertThat(after.get("score")).isEqualTo(0.1d);
        assertThat(after.get("price")).isEqualTo(new BigDecimal("1234.56"));
        assertThat(after.get("discount")).isEqualTo(new BigDecimal("-0.05"));
        assertThat(after.get("born")).isEqualTo(LocalDate.of(2024, 3, 15));
        assertThat(after.get("created")).isEqualTo(LocalDateTime.of(2024, 3, 15, 10, 15, 30));
        assertThat(after.get("precise")).isEqualTo(LocalDateTime.of(2024, 3, 15, 10, 15, 30, 123_456_000));
        assertThat(after.get("updated_at")).isEqualTo(Instant.parse("2024-03-15T10:15:30Z"));
        assertThat(after.get("opens")).isEqualTo(LocalTime.of(9, 30));
        assertThat(after.get("yr")).isEqualTo(2024);
        assertThat(after.get("status")).isEqualTo("paid");
        assertThat(after.get("tags")).isEqualTo("a,c");
        assertThat((byte[]) after.get("photo")).containsExactly(1, 2, 0xFF);
        assertThat(after).containsEntry("note", null);
        assertThat(after).as("a null column stays null even though its schema has a default").containsEntry("qty", null);

        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("ok", true);
        nested.put("none", null);
        assertThat(after.get("doc")).isEqualTo(Map.of("tags", List.of("x", "y"), "n", 3L, "price", 9.5, "nested", nested));
        assertThat(after.get("doc")).isInstanceOf(LinkedHashMap.class);
        assertThat(List.<Object>copyOf(((Map<?, ?>) after.get("doc")).keySet())).containsExactly("tags", "n", "price", "nested");

        assertThat(event.source()).containsEntry("connector", "mysql").containsEntry("name", "dbserver1")
                .containsEntry("db", "shop").containsEntry("table", "all_types").containsEntry("snapshot", "first")
                .containsEntry("file", "mysql-bin.000003").containsEntry("pos", 157L).containsEntry("row", 0)
                .containsEntry("ts_ms", 1710497800000L).containsEntry("gtid", null);
    }

    @Test
    void rowMapsAreMutableSoStagesCanEditAfterInPlace() {
        ChangeEvent event = json.decode(ORDERS, bytes("orders-1001.key.json"), bytes("orders-create.json"));

        event.after().put("status", "cancelled");
        event.after().remove("customer");

        assertThat(event.after()).containsEntry("status", "cancelled").doesNotContainKey("customer");
    }

    @Test
    void createUpdateAndDeleteCarryTheRightRows() {
        byte[] key = bytes("orders-1001.key.json");

        ChangeEvent create = json.decode(ORDERS, key, bytes("orders-create.json"));
        assertThat(create.op()).isEqualTo(Operation.INSERT);
        assertThat(create.before()).isNull();
        assertThat(create.after()).containsExactly(entry("id", 1001), entry("customer", "ada"),
                entry("total", new BigDecimal("19.99")), entry("status", "new"),
                entry("updated_at", Instant.parse("2024-03-16T08:00:00Z")));
        assertThat(create.tsMs()).isEqualTo(1710576000311L);

        ChangeEvent update = json.decode(ORDERS, key, bytes("orders-update.json"));
        assertThat(update.op()).isEqualTo(Operation.UPDATE);
        assertThat(update.key()).containsExactly(entry("id", 1001));
        assertThat(update.before()).containsEntry("status", "new").containsEntry("updated_at", Instant.parse("2024-03-16T08:00:00Z"));
        assertThat(update.after()).containsEntry("status", "paid").containsEntry("updated_at", Instant.parse("2024-03-16T08:05:00Z"));
        assertThat(update.source()).containsEntry("server_id", 223344L).containsEntry("pos", 1480L).containsEntry("thread", 12L);

        ChangeEvent delete = json.decode(ORDERS, key, bytes("orders-delete.json"));
        assertThat(delete.op()).isEqualTo(Operation.DELETE);
        assertThat(delete.after()).isNull();
        assertThat(delete.before()).containsEntry("id", 1001).containsEntry("status", "paid");
    }

    @Test
    void tombstoneDecodesToNull() {
        assertThat(json.decode(ORDERS, bytes("orders-1001.key.json"), null)).isNull();
        assertThat(json.decodeValue(ORDERS, null)).isNull();
    }

    @Test
    void primaryKeyChangeIsADeleteUnderTheOldKeyThenACreateUnderTheNewOne() {
        ChangeEvent delete = json.decode(ORDERS, bytes("orders-1001.key.json"), bytes("orders-pk-change-delete.json"));
        ChangeEvent tombstone = json.decode(ORDERS, bytes("orders-1001.key.json"), null);
        ChangeEvent create = json.decode(ORDERS, bytes("orders-2001.key.json"), bytes("orders-pk-change-create.json"));

        assertThat(delete.op()).isEqualTo(Operation.DELETE);
        assertThat(delete.key()).containsExactly(entry("id", 1001));
        assertThat(delete.before()).containsEntry("id", 1001);
        assertThat(tombstone).isNull();
        assertThat(create.op()).isEqualTo(Operation.INSERT);
        assertThat(create.key()).containsExactly(entry("id", 2001));
        assertThat(create.after()).containsEntry("id", 2001).containsEntry("status", "paid");
    }

    @Test
    void connectTimePrecisionModeAndOtherSemanticTypesDecode() {
        ChangeEvent event = json.decode("mariadb1.lab.measurements", null, bytes("measurements-connect-mode.json"));

        assertThat(event.key()).as("keyless record").isEmpty();
        assertThat(event.source()).containsEntry("connector", "mariadb").containsEntry("gtid", "0-1-42");
        Map<String, Object> after = event.after();
        assertThat(after.get("day")).isEqualTo(LocalDate.of(2024, 3, 15));
        assertThat(after.get("old_day")).isEqualTo(LocalDate.of(1969, 12, 31));
        assertThat(after.get("taken_at")).isEqualTo(LocalDateTime.of(2024, 3, 15, 10, 15, 30, 123_000_000));
        assertThat(after.get("taken_time")).isEqualTo(LocalTime.of(9, 30, 0, 500_000_000));
        assertThat(after.get("logged_at")).isEqualTo(Instant.parse("2024-03-15T10:15:30.123Z"));
        assertThat(after.get("reading")).isEqualTo(new BigDecimal("3.14159"));
        assertThat(after.get("nano_at")).isEqualTo(LocalDateTime.of(2024, 3, 15, 10, 15, 30, 123_456_789));
        assertThat(after.get("milli_time")).isEqualTo(LocalTime.of(12, 34, 56, 789_000_000));
        assertThat(after.get("nano_time")).isEqualTo(LocalTime.of(1, 2, 3));
        assertThat(after.get("long_span")).isEqualTo(Duration.ofHours(838).plusMinutes(59).plusSeconds(59));
        assertThat(after.get("negative_span")).isEqualTo(Duration.ofHours(-1));
        assertThat(after.get("ok")).as("INT8 TINYINT(1) with propagated source type").isEqualTo(false);
    }

    @Test
    void schemalessEventsKeepTheirJsonTypes() {
        WireFormat schemaless = WireFormat.json(false);

        ChangeEvent event = schemaless.decode(ORDERS, bytes("orders-schemaless-1001.key.json"), bytes("orders-schemaless-update.json"));

        assertThat(event.op()).isEqualTo(Operation.UPDATE);
        assertThat(event.key()).containsExactly(entry("id", 1001L));
        assertThat(event.before()).containsEntry("status", "new");
        assertThat(event.after()).containsExactly(entry("id", 1001L), entry("customer", "ada"),
                entry("total", "B88="), entry("status", "paid"), entry("updated_at", "2024-03-16T08:05:00Z"));
        assertThat(event.source()).containsEntry("pos", 1480L);
        assertThat(event.tsMs()).isEqualTo(1710576300207L);
    }

    @Test
    void operationCodesMapBothWays() {
        for (Operation op : Operation.values()) {
            assertThat(Operation.ofCode(op.code())).isEqualTo(op);
        }
        assertThat(List.of(Operation.values())).extracting(Operation::code).containsExactly("r", "c", "u", "d");
    }
}
