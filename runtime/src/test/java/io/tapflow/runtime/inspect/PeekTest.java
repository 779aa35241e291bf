package io.tapflow.runtime.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Peek prints as the original does, with every kind of value readable: numbers exact, dates ISO-8601, nesting kept. */
class PeekTest {

    @Test
    void printsTheCountThenEachRecordAsIndentedJsonWithValuesReadable() {
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("_id", "o1");
        order.put("total", new BigDecimal("21.90"));
        order.put("huge", new BigDecimal("12345678901234567890.123456"));
        order.put("tiny", new BigDecimal("1E-10"));
        order.put("unsigned", new BigInteger("18446744073709551615"));
        order.put("quantity", 3L);
        order.put("rate", 0.5);
        order.put("paid", true);
        order.put("note", null);
        order.put("ordered_at", Instant.parse("2026-03-01T10:15:30.123Z"));
        order.put("approved_at", LocalDateTime.of(2026, 3, 1, 10, 15, 30));
        order.put("shipped_at", LocalDateTime.of(2026, 3, 2, 8, 0));
        order.put("delivered_at", OffsetDateTime.of(2026, 3, 3, 9, 0, 0, 0, ZoneOffset.ofHours(1)));
        order.put("ship_date", LocalDate.of(2026, 3, 3));
        order.put("cutoff", LocalTime.of(17, 30));
        order.put("address", map("city", "Berlin", "zip", "10115"));
        order.put("tags", List.of("gift", "express"));
        order.put("lines", List.of(map("sku", "A-1", "qty", 1L)));
        order.put("empty", List.of());
        order.put("nothing", Map.of());
        order.put("photo", "hi".getBytes(StandardCharsets.UTF_8));

        Peek peek = new Peek("MongoDB_ECommerce.orders", 3, List.of(order, map("_id", "o2")));

        assertThat(peek.toString()).isEqualTo("""
                table MongoDB_ECommerce.orders has 3 records
                {
                  "_id": "o1",
                  "total": 21.90,
                  "huge": 12345678901234567890.123456,
                  "tiny": 0.0000000001,
                  "unsigned": 18446744073709551615,
                  "quantity": 3,
                  "rate": 0.5,
                  "paid": true,
                  "note": null,
                  "ordered_at": "2026-03-01T10:15:30.123Z",
                  "approved_at": "2026-03-01T10:15:30",
                  "shipped_at": "2026-03-02T08:00:00",
                  "delivered_at": "2026-03-03T09:00:00+01:00",
                  "ship_date": "2026-03-03",
                  "cutoff": "17:30:00",
                  "address": {
                    "city": "Berlin",
                    "zip": "10115"
                  },
                  "tags": [
                    "gift",
                    "express"
                  ],
                  "lines": [
                    {
                      "sku": "A-1",
                      "qty": 1
                    }
                  ],
                  "empty": [],
                  "nothing": {},
                  "photo": "aGk="
                }
                {
                  "_id": "o2"
                }""");
    }

    @Test
    void anEmptyTableIsOnlyItsCount() {
        assertThat(new Peek("MySQL_ECommerce.ecom_orders", 0, List.of())).hasToString(
                "table MySQL_ECommerce.ecom_orders has 0 records");
    }

    @Test
    void keepsACopyOfTheRecordsInTheirFieldOrder() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("b", 1);
        row.put("a", 2);
        List<Map<String, Object>> records = new ArrayList<>(List.of(row));
        Peek peek = new Peek("t.x", 1, records);
        row.put("c", 3);
        records.clear();
        assertThat(peek.records()).hasSize(1);
        assertThat(peek.records().getFirst()).containsExactly(Map.entry("b", 1), Map.entry("a", 2));
        assertThatThrownBy(() -> peek.records().getFirst().put("d", 4)).isInstanceOf(UnsupportedOperationException.class);
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
