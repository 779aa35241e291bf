package io.tapflow.topology.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

/** Output records are byte for byte what Connect's own JsonConverter writes, however often a shape repeats. */
class JsonWritingTest {

    private static Map<String, Object> row(String id, Object total, Object note) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("order_id", id);
        row.put("total", total);
        row.put("placed", LocalDateTime.of(2018, 1, 2, 10, 56, 33));
        row.put("due", LocalDate.of(2018, 1, 20));
        row.put("paid_at", Instant.parse("2018-01-03T00:00:00Z"));
        row.put("note", note);
        row.put("items", List.of(Map.of("sku", "a", "qty", 1L)));
        return row;
    }

    @Test
    void sameBytesAsTheConnectJsonConverter() {
        WireFormat format = WireFormat.json(true);
        JsonConverter reference = ConverterWireFormat.jsonConverter(true, false);
        List<Map<String, Object>> rows = List.of(
                row("o1", new BigDecimal("10.50"), null),
                row("o2", new BigDecimal("99.99"), "gift"),    // same shape but for the note's type
                row("o3", new BigDecimal("99.99"), "gift"),    // same shape as the one before
                row("o4", new BigDecimal("7.125"), "gift"),    // another decimal scale
                row("o5", new BigDecimal("10.50"), null));     // back to the first shape
        for (Map<String, Object> row : rows) {
            SchemaAndValue data = RowSchemas.toConnect(row, true);
            byte[] expected = reference.fromConnectData("out", data.schema(), data.value());
            byte[] actual = format.encodeValue("out", row);
            assertThat(new String(actual, StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
            assertThat(format.decodeValue("out", actual)).isEqualTo(row);
        }
    }
}
