package io.tapflow.topology.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class OutputRowEncodingTest {

    private static final String TOPIC = "orders_enriched";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final WireFormat json = WireFormat.json(true);

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void typedRowRoundTripsWithItsTypesAndFieldOrder() {
        Map<String, Object> row = map(
                "order_id", "o1",
                "qty", 3,
                "total_cents", 9_000_000_000L,
                "ratio", 0.75f,
                "score", 0.1,
                "paid", true,
                "price", new BigDecimal("19.990"),
                "day", LocalDate.of(2024, 3, 15),
                "at", LocalDateTime.of(2024, 3, 15, 10, 15, 30, 123_000_000),
                "seen", Instant.parse("2024-03-15T10:15:30.456Z"),
                "opens", LocalTime.of(9, 30, 15),
                "blob", new byte[] {1, 2, 3},
                "note", null,
                "customer", map("id", 7, "name", "Ada", "tags", List.of("vip", "eu")),
                "items", List.of(map("sku", "a", "n", 1), map("sku", "b", "n", 2)));

        byte[] bytes = json.encodeValue(TOPIC, row);
        Map<String, Object> back = json.decodeValue(TOPIC, bytes);

        assertThat(back.keySet()).containsExactlyElementsOf(row.keySet());
        row.forEach((field, value) -> {
            if (!field.equals("blob")) {
                assertThat(back.get(field)).as(field).isEqualTo(value);
            }
        });
        assertThat((byte[]) back.get("blob")).containsExactly(1, 2, 3);
        assertThat(back.get("price")).isInstanceOf(BigDecimal.class).hasToString("19.990");
        assertThat(back).isInstanceOf(LinkedHashMap.class);
        assertThat(((Map<?, ?>) back.get("customer"))).isInstanceOf(LinkedHashMap.class);
    }

    @Test
    void writesDecimalsAsJsonNumbersAndDeclaresEveryFieldOptional() throws Exception {
        JsonNode written = MAPPER.readTree(json.encodeValue(TOPIC, map("price", new BigDecimal("19.99"), "n", 1)));

        assertThat(written.get("payload").get("price").isNumber()).isTrue();
        assertThat(written.get("payload").get("price").decimalValue()).isEqualTo(new BigDecimal("19.99"));
        JsonNode fields = written.get("schema").get("fields");
        assertThat(fields.get(0).get("name").asText()).isEqualTo("org.apache.kafka.connect.data.Decimal");
        assertThat(fields.get(0).get("parameters").get("scale").asText()).isEqualTo("2");
        fields.forEach(field -> assertThat(field.get("optional").asBoolean()).as(field.toString()).isTrue());
    }

    @Test
    void conversionsThatDoNotKeepTheJavaType() {
        Map<String, Object> row = map(
                "small", (short) 5,
                "byte", (byte) -1,
                "big", new BigInteger("123456789012345678901234567890"),
                "micros", LocalDateTime.of(2024, 1, 1, 0, 0, 0, 123_456_789),
                "offset", OffsetDateTime.of(2024, 1, 1, 12, 0, 0, 0, ZoneOffset.ofHours(2)),
                "zoned", ZonedDateTime.of(2024, 7, 1, 12, 0, 0, 0, ZoneId.of("Europe/Paris")));

        Map<String, Object> back = json.decodeValue(TOPIC, json.encodeValue(TOPIC, row));

        assertThat(back).containsExactly(
                entry("small", 5),
                entry("byte", -1),
                entry("big", new BigDecimal("123456789012345678901234567890")),
                entry("micros", LocalDateTime.of(2024, 1, 1, 0, 0, 0, 123_000_000)),
                entry("offset", Instant.parse("2024-01-01T10:00:00Z")),
                entry("zoned", Instant.parse("2024-07-01T10:00:00Z")));
    }

    @Test
    void listElementsShareOneWidenedSchema() {
        Map<String, Object> row = map(
                "ints_and_longs", List.of(1, 5_000_000_000L),
                "ints_and_doubles", List.of(1, 2.5),
                "decimals", List.of(new BigDecimal("1.5"), new BigDecimal("2.25"), 3),
                "with_nulls", Arrays.asList(null, "x", null),
                "empty", List.of(),
                "structs", List.of(map("a", 1, "b", null), map("b", "x", "c", true)),
                "nested", List.of(List.of(1), List.of(2L, 3L)));

        Map<String, Object> back = json.decodeValue(TOPIC, json.encodeValue(TOPIC, row));

        assertThat(back.get("ints_and_longs")).isEqualTo(List.of(1L, 5_000_000_000L));
        assertThat(back.get("ints_and_doubles")).isEqualTo(List.of(1.0, 2.5));
        assertThat(back.get("decimals")).isEqualTo(List.of(new BigDecimal("1.50"), new BigDecimal("2.25"), new BigDecimal("3.00")));
        assertThat(back.get("with_nulls")).isEqualTo(Arrays.asList(null, "x", null));
        assertThat(back.get("empty")).isEqualTo(List.of());
        assertThat(back.get("structs")).isEqualTo(List.of(map("a", 1, "b", null, "c", null), map("a", null, "b", "x", "c", true)));
        assertThat(back.get("nested")).isEqualTo(List.of(List.of(1L), List.of(2L, 3L)));
    }

    @Test
    void listOfIncompatibleElementsNamesThePathAndBothTypes() {
        Map<String, Object> row = map("order", map("items", List.of(map("sku", "a"), map("sku", 7))));

        assertThatThrownBy(() -> json.encodeValue(TOPIC, row))
                .isInstanceOf(UnencodableValueException.class)
                .hasMessageStartingWith("Field 'order.items[1].sku' is a Integer in a list that already holds String values");
    }

    @Test
    void mixingStringsAndMapsInAListIsRejected() {
        assertThatThrownBy(() -> json.encodeValue(TOPIC, map("tags", List.of("a", map("b", 1)))))
                .isInstanceOf(UnencodableValueException.class)
                .hasMessageContaining("'tags[1]'").hasMessageContaining("Map").hasMessageContaining("String");
    }

    @Test
    void valueOfAnUnmappedTypeNamesThePath() {
        assertThatThrownBy(() -> json.encodeValue(TOPIC, map("customer", map("id", UUID.randomUUID()))))
                .isInstanceOf(UnencodableValueException.class)
                .hasMessageContaining("'customer.id'")
                .hasMessageContaining("java.util.UUID");
        assertThatThrownBy(() -> json.encodeValue(TOPIC, map("m", Map.of(1, "x"))))
                .isInstanceOf(UnencodableValueException.class)
                .hasMessageContaining("'m'").hasMessageContaining("java.lang.Integer key");
    }

    @Test
    void keysRoundTrip() throws Exception {
        byte[] key = json.encodeKey(TOPIC, map("order_id", "o1", "line", 2));

        assertThat(json.decodeKey(TOPIC, key)).containsExactly(entry("order_id", "o1"), entry("line", 2));
        assertThat(MAPPER.readTree(WireFormat.json(false).encodeKey(TOPIC, map("order_id", "o1"))))
                .isEqualTo(MAPPER.readTree("{\"order_id\":\"o1\"}"));
    }

    @Test
    void schemalessOutputUsesIsoTextAndJsonNumbers() throws Exception {
        WireFormat schemaless = WireFormat.json(false);
        Map<String, Object> row = map(
                "id", "o1",
                "price", new BigDecimal("19.99"),
                "day", LocalDate.of(2024, 3, 15),
                "at", LocalDateTime.of(2024, 3, 15, 10, 0),
                "seen", Instant.parse("2024-03-15T10:15:30Z"),
                "offset", OffsetDateTime.of(2024, 1, 1, 12, 0, 0, 0, ZoneOffset.ofHours(2)),
                "opens", LocalTime.of(9, 30),
                "lines", List.of(map("n", 1, "shipped", LocalDate.of(2024, 3, 16))));

        byte[] bytes = schemaless.encodeValue(TOPIC, row);

        assertThat(MAPPER.readTree(bytes)).isEqualTo(MAPPER.readTree("""
                {"id":"o1","price":19.99,"day":"2024-03-15","at":"2024-03-15T10:00:00","seen":"2024-03-15T10:15:30Z",
                 "offset":"2024-01-01T12:00:00+02:00","opens":"09:30:00","lines":[{"n":1,"shipped":"2024-03-16"}]}"""));
        Map<String, Object> back = schemaless.decodeValue(TOPIC, bytes);
        assertThat(back.keySet()).containsExactlyElementsOf(row.keySet());
        assertThat(back).containsEntry("price", 19.99).containsEntry("day", "2024-03-15")
                .containsEntry("lines", List.of(map("n", 1L, "shipped", "2024-03-16")));
    }

    @Test
    void decodingANonStructValueFails() {
        assertThatThrownBy(() -> WireFormat.json(false).decodeValue(TOPIC, "[1,2]".getBytes()))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("'" + TOPIC + "'").hasMessageContaining("expected a struct");
    }

    @Test
    void oneWireFormatServesSeveralThreadsAtOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(threads.submit(() -> {
                    int checked = 0;
                    for (int i = 0; i < 500; i++) {
                        Map<String, Object> row = map("thread", thread, "i", i, "price", BigDecimal.valueOf(i, 2),
                                "items", List.of(map("n", i)));
                        assertThat(json.decodeValue(TOPIC, json.encodeValue(TOPIC, row))).isEqualTo(row);
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(500);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
