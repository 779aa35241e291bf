package io.tapflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.Flow;
import io.tapflow.topology.event.ColumnType;
import io.tapflow.topology.event.DebeziumTable;
import io.tapflow.topology.event.WireFormat;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MySQL column types come out of a flow as real values, not epoch numbers or base64 text. */
class ColumnTypesSurviveTest {

    private static final DebeziumTable ITEMS = DebeziumTable.builder("tapflow.MySQL_ECommerce", "ECommerceData", "items")
            .column("id", ColumnType.bigint())
            .column("price", ColumnType.decimal(10, 2))
            .column("shipping_limit_date", ColumnType.datetime())
            .column("shipped_at", ColumnType.datetime(6))
            .column("updated_at", ColumnType.timestamp())
            .column("release_date", ColumnType.date())
            .column("in_stock", ColumnType.bool())
            .column("fragile", ColumnType.bit1())
            .column("attributes", ColumnType.json())
            .column("note", ColumnType.varchar())
            .primaryKey("id")
            .build();

    private static final Flow PASSTHROUGH = Flow.named("items_copy")
            .readFrom("MySQL_ECommerce.items")
            .writeTo("MongoDB_ECommerce.items");

    private static Map<String, Object> item() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", 7L);
        row.put("price", new BigDecimal("1234567.89"));
        row.put("shipping_limit_date", LocalDateTime.of(2017, 9, 19, 9, 45, 35));
        row.put("shipped_at", LocalDateTime.of(2017, 9, 20, 10, 0, 0, 123_000_000));
        row.put("updated_at", Instant.parse("2017-09-21T12:00:00Z"));
        row.put("release_date", LocalDate.of(2017, 1, 31));
        row.put("in_stock", true);
        row.put("fragile", false);
        row.put("attributes", Map.of("color", "red", "sizes", List.of(38L, 40L)));
        row.put("note", null);
        return row;
    }

    @Test
    void everyTypeArrivesAsItsJavaValue() {
        try (FlowTestDriver driver = FlowTestDriver.of(PASSTHROUGH, ITEMS)) {
            driver.snapshot(item());
            Map<String, Object> doc = driver.readOutput().getFirst().document();
            assertThat(doc.get("id")).isEqualTo(7L);
            assertThat(doc.get("price")).isEqualTo(new BigDecimal("1234567.89"));
            assertThat(doc.get("shipping_limit_date")).isEqualTo(LocalDateTime.of(2017, 9, 19, 9, 45, 35));
            assertThat(doc.get("shipped_at")).isEqualTo(LocalDateTime.of(2017, 9, 20, 10, 0, 0, 123_000_000));
            assertThat(doc.get("updated_at")).isEqualTo(Instant.parse("2017-09-21T12:00:00Z"));
            assertThat(doc.get("release_date")).isEqualTo(LocalDate.of(2017, 1, 31));
            assertThat(doc.get("in_stock")).isEqualTo(true);
            assertThat(doc.get("fragile")).isEqualTo(false);
            assertThat(doc.get("attributes")).isEqualTo(Map.of("color", "red", "sizes", List.of(38L, 40L)));
            assertThat(doc).containsEntry("note", null);
        }
    }

    @Test
    void expressionsWorkOnTypedValues() {
        Flow flow = Flow.named("expensive").readFrom("MySQL_ECommerce.items")
                .filter("price >= 1000000.00 and release_date < '2018-01-01' and in_stock and attributes.color = 'red'")
                .addFields("late", "shipped_at > shipping_limit_date")
                .writeTo("MongoDB_ECommerce.items");
        try (FlowTestDriver driver = FlowTestDriver.of(flow, ITEMS)) {
            Map<String, Object> cheap = item();
            cheap.put("id", 8L);
            cheap.put("price", new BigDecimal("999999.99"));
            driver.insert(item()).insert(cheap);
            assertThat(driver.target()).containsOnlyKeys(Map.of("id", 7L));
            assertThat(driver.target().get(Map.of("id", 7L))).containsEntry("late", true);
        }
    }

    @Test
    void schemalessJsonFlowsWithItsJsonTypes() {
        DebeziumTable schemaless = DebeziumTable.builder("tapflow.MySQL_ECommerce", "ECommerceData", "items")
                .column("id", ColumnType.bigint())
                .column("note", ColumnType.varchar())
                .column("qty", ColumnType.intType())
                .primaryKey("id")
                .schemas(false)
                .build();
        Flow flow = Flow.named("items_json").readFrom("MySQL_ECommerce.items")
                .filter("qty > 1")
                .renameFields(Map.of("note", "comment"))
                .writeTo("MongoDB_ECommerce.items");
        try (FlowTestDriver driver = FlowTestDriver.of(flow, schemaless, WireFormat.json(false))) {
            driver.insert(Map.of("id", 1L, "note", "two", "qty", 2)).insert(Map.of("id", 2L, "note", "one", "qty", 1));
            assertThat(driver.readOutput()).singleElement().satisfies(out -> {
                assertThat(out.key()).isEqualTo(Map.of("id", 1L));
                assertThat(out.document()).containsEntry("comment", "two").containsEntry("qty", 2L);
            });
        }
    }
}
