package io.tapflow.udf;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every record type goes into a Python and a JavaScript function and comes back equal, with its Java type. */
class UdfTypesRoundTripTest {

    private static final UdfEvent EVENT = new UdfEvent("insert", null, "shop.orders", Map.of(), Instant.EPOCH);

    private static UdfInstance python;
    private static UdfInstance js;
    private static UdfInstance pythonTypes;
    private static UdfInstance jsTypes;

    @BeforeAll
    static void open() {
        python = UdfFunction.of(UdfLanguage.PYTHON, "py#1", "def process(record, context):\n    return record\n", null)
                .open(Map.of());
        js = UdfFunction.of(UdfLanguage.JAVASCRIPT, "js#1", "function process(record) { return record; }", null)
                .open(Map.of());
        // What type each value has inside the function, written back into the record.
        pythonTypes = UdfFunction.of(UdfLanguage.PYTHON, "py#2", """
                def process(record):
                    return {k: type(v).__name__ for k, v in record.items()}
                """, null).open(Map.of());
        jsTypes = UdfFunction.of(UdfLanguage.JAVASCRIPT, "js#2", """
                function process(record) {
                  const out = {};
                  for (const k of Object.keys(record)) {
                    const v = record[k];
                    out[k] = v === null ? 'null' : v instanceof Date ? 'Date' : v instanceof Uint8Array ? 'Uint8Array'
                        : Array.isArray(v) ? 'array' : typeof v;
                  }
                  return out;
                }
                """, null).open(Map.of());
    }

    @AfterAll
    static void close() {
        python.close();
        js.close();
        pythonTypes.close();
        jsTypes.close();
    }

    private static Map<String, Object> row() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("city", "Berlin");
        nested.put("zip", 10115L);
        nested.put("tags", new ArrayList<>(List.of("gift", 2L, true)));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("text", "Grüße, \"quoted\" \n");
        row.put("int", 42);
        row.put("long", 9_007_199_254_740_993L);
        row.put("negative", -7L);
        row.put("double", 0.1);
        row.put("float", 1.5f);
        row.put("decimal", new BigDecimal("19.90"));
        row.put("bool", true);
        row.put("date", LocalDate.of(2024, 2, 29));
        row.put("datetime", LocalDateTime.of(2024, 2, 29, 23, 59, 58, 123_000_000));
        row.put("instant", Instant.parse("2024-02-29T23:59:58.123Z"));
        row.put("nested", nested);
        row.put("list", new ArrayList<>(List.of(1L, "two", 3.5)));
        row.put("null", null);
        return row;
    }

    @Test
    void pythonGivesBackEveryTypeUnchanged() {
        Map<String, Object> row = row();
        row.put("bigDecimal", new BigDecimal("12345678901234567890.123456789"));
        row.put("micros", LocalDateTime.of(2024, 1, 1, 0, 0, 0, 123_456_000));
        row.put("time", LocalTime.of(13, 45, 1, 500_000_000));
        row.put("bytes", new byte[] {0, 1, (byte) 0xff});
        row.put("bigInteger", new BigInteger("123456789012345678901234567890"));

        Map<String, Object> back = python.call(row, EVENT);

        assertThat(back).usingRecursiveComparison().isEqualTo(row);
        assertThat(back.keySet()).containsExactlyElementsOf(row.keySet());
        // Values Python holds as immutable objects and did not replace come back as the very Java objects.
        for (String untouched : List.of("decimal", "date", "datetime", "instant", "time", "bytes")) {
            assertThat(back.get(untouched)).as(untouched).isSameAs(row.get(untouched));
        }
        row.forEach((field, value) -> {
            if (value != null) {
                assertThat(back.get(field)).as(field).isExactlyInstanceOf(value.getClass());
            }
        });
    }

    @Test
    void pythonSeesNativeTypes() {
        Map<String, Object> row = row();
        row.put("time", LocalTime.of(13, 45));
        row.put("bytes", new byte[] {1});

        assertThat(pythonTypes.call(row, EVENT)).containsAllEntriesOf(Map.ofEntries(
                Map.entry("text", "str"), Map.entry("int", "int"), Map.entry("long", "int"),
                Map.entry("double", "float"), Map.entry("float", "float"), Map.entry("decimal", "Decimal"),
                Map.entry("bool", "bool"), Map.entry("date", "date"), Map.entry("datetime", "datetime"),
                Map.entry("instant", "datetime"), Map.entry("time", "time"), Map.entry("bytes", "bytes"),
                Map.entry("nested", "dict"), Map.entry("list", "list"), Map.entry("null", "NoneType")));
    }

    @Test
    void pythonValuesItMakesComeBackAsJavaTypes() {
        UdfInstance maker = UdfFunction.of(UdfLanguage.PYTHON, "py#3", """
                import datetime, decimal
                def process(record, context):
                    return {
                        'int': 7, 'huge': 10 ** 30, 'float': 2.0, 'decimal': decimal.Decimal('0.10') * 3,
                        'bool': False, 'none': None, 'date': datetime.date(2020, 1, 2),
                        'naive': datetime.datetime(2020, 1, 2, 3, 4, 5, 6),
                        'aware': datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
                        'time': datetime.time(1, 2, 3), 'bytes': b'ab', 'tuple': (1, 'a'),
                        'nested': {'a': [1, {'b': decimal.Decimal('1E+2')}]},
                    }
                """, null).open(Map.of());
        try {
            Map<String, Object> out = maker.call(Map.of(), EVENT);
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("int", 7L);
            expected.put("huge", new BigInteger("1000000000000000000000000000000"));
            expected.put("float", 2.0);
            expected.put("decimal", new BigDecimal("0.30"));
            expected.put("bool", false);
            expected.put("none", null);
            expected.put("date", LocalDate.of(2020, 1, 2));
            expected.put("naive", LocalDateTime.of(2020, 1, 2, 3, 4, 5, 6000));
            expected.put("aware", Instant.parse("2020-01-02T03:04:05Z"));
            expected.put("time", LocalTime.of(1, 2, 3));
            expected.put("bytes", new byte[] {'a', 'b'});
            expected.put("tuple", List.of(1L, "a"));
            expected.put("nested", Map.of("a", List.of(1L, Map.of("b", new BigDecimal("1E+2")))));
            assertThat(out).usingRecursiveComparison().isEqualTo(expected);
            expected.forEach((field, value) -> {
                if (value != null && !(value instanceof List) && !(value instanceof Map)) {
                    assertThat(out.get(field)).as(field).isExactlyInstanceOf(value.getClass());
                }
            });
        } finally {
            maker.close();
        }
    }

    @Test
    void javaScriptGivesBackEveryTypeUnchanged() {
        Map<String, Object> row = row();
        row.put("microsUntouched", LocalDateTime.of(2024, 1, 1, 0, 0, 0, 123_456_000));
        row.put("time", LocalTime.of(13, 45, 1));
        row.put("bytes", new byte[] {0, 1, (byte) 0xff});

        Map<String, Object> back = js.call(row, EVENT);

        assertThat(back).usingRecursiveComparison().isEqualTo(row);
        row.forEach((field, value) -> {
            if (value != null) {
                assertThat(back.get(field)).as(field).isExactlyInstanceOf(value.getClass());
            }
        });
    }

    @Test
    void javaScriptSeesNativeTypes() {
        Map<String, Object> row = row();
        row.put("bytes", new byte[] {1});

        assertThat(jsTypes.call(row, EVENT)).containsAllEntriesOf(Map.ofEntries(
                Map.entry("text", "string"), Map.entry("int", "number"), Map.entry("long", "bigint"),
                Map.entry("negative", "number"), Map.entry("double", "number"), Map.entry("decimal", "number"),
                Map.entry("bool", "boolean"), Map.entry("date", "Date"), Map.entry("datetime", "Date"),
                Map.entry("instant", "Date"), Map.entry("bytes", "Uint8Array"), Map.entry("nested", "object"),
                Map.entry("list", "array"), Map.entry("null", "null")));
    }

    @Test
    void javaScriptChangedValuesKeepTheirColumnsTypes() {
        UdfInstance changer = UdfFunction.of(UdfLanguage.JAVASCRIPT, "js#3", """
                function process(record) {
                  record.qty = record.qty + 1;
                  record.price = record.price * 2;
                  record.total = record.price * record.qty;
                  record.shipped = new Date(record.shipped.getTime() + 86400000);
                  record.day = new Date(Date.UTC(2024, 0, 31));
                  record.ratio = 3;
                  record.undef = undefined;
                  return record;
                }
                """, null).open(Map.of());
        try {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("qty", 2);
            row.put("price", new BigDecimal("10.25"));
            row.put("shipped", LocalDateTime.of(2024, 1, 1, 10, 0));
            row.put("day", LocalDate.of(2024, 1, 1));
            row.put("ratio", 1.5);

            Map<String, Object> out = changer.call(row, EVENT);

            assertThat(out.get("qty")).isEqualTo(3);
            assertThat(out.get("price")).isEqualTo(new BigDecimal("20.50"));
            assertThat(out.get("total")).isEqualTo(61.5);
            assertThat(out.get("shipped")).isEqualTo(LocalDateTime.of(2024, 1, 2, 10, 0));
            assertThat(out.get("day")).isEqualTo(LocalDate.of(2024, 1, 31));
            assertThat(out.get("ratio")).isEqualTo(3.0);
            assertThat(out).containsEntry("undef", null);
        } finally {
            changer.close();
        }
    }

    @Test
    void javaScriptRefusesADecimalItCannotHoldExactly() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("amount", new BigDecimal("12345678901234567890.12"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> js.call(row, EVENT))
                .isInstanceOf(UdfException.class)
                .hasMessageContaining("field 'amount'")
                .hasMessageContaining("JavaScript has no decimal type");
    }
}
