package io.tapflow.runtime.inspect;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.Temporal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code peek} shows of a table or a collection: how many records it holds and its first records in
 * key order. {@link #toString()} prints it as the original TapFlow's {@code peek} does.
 *
 * <p>Values are plain Java values, whatever the kind of data source: {@code null}, {@link String},
 * {@link Boolean}, {@link Integer}, {@link Long}, {@link Double}, {@link java.math.BigDecimal} (MySQL
 * {@code DECIMAL}, MongoDB Decimal128), {@link java.time.Instant} (a point in time: a MongoDB date, a MySQL
 * {@code TIMESTAMP}), {@link java.time.LocalDateTime} (MySQL {@code DATETIME}), {@link java.time.LocalDate},
 * {@link java.time.LocalTime}, {@code byte[]}, and {@link Map}s and {@link List}s of these (sub-documents,
 * arrays, JSON columns).
 *
 * @param table the table as it was named, {@code <data source>.<table>}
 * @param count how many records the table holds
 * @param records its first records, each a map from field to value in the table's field order
 * @see TableReader
 */
public record Peek(String table, long count, List<Map<String, Object>> records) {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            // Python's json.dumps(indent=2) layout: "field": value, arrays one element a line.
            .defaultPrettyPrinter(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n")))
            // An exact decimal prints as the number it is: 12345678901234567890.10, not 1.23456789012345678901E+19.
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .addModule(new SimpleModule("peek").addSerializer(Temporal.class, new IsoTemporalSerializer()))
            .build();

    /** Copies the records, which keep their field order. */
    public Peek {
        records = records.stream()
                .map(record -> Collections.unmodifiableMap(new LinkedHashMap<>(record)))
                .toList();
    }

    /** One record as {@link #toString()} prints it: indented JSON, dates ISO-8601, decimals exact. */
    public static String toJson(Map<String, Object> record) {
        try {
            return JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot print a record as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * {@code table <table> has <count> records}, then each record as indented JSON, for example:
     * <pre>
     * table MongoDB_ECommerce.orders has 2 records
     * {
     *   "_id": "o1",
     *   "total": 21.90,
     *   "ordered_at": "2026-03-01T10:15:30Z",
     *   "address": {
     *     "city": "Berlin"
     *   }
     * }
     * ...
     * </pre>
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("table ").append(table).append(" has ").append(count).append(" records");
        for (Map<String, Object> record : records) {
            text.append('\n').append(toJson(record));
        }
        return text.toString();
    }

    /**
     * Dates and times as ISO-8601 text, seconds always shown: 2026-03-01T10:15:30Z, 2026-03-02T08:00:00,
     * 2026-03-03, 17:30:00 (their own toString() drops zero seconds).
     */
    private static final class IsoTemporalSerializer extends StdSerializer<Temporal> {

        IsoTemporalSerializer() {
            super(Temporal.class);
        }

        @Override
        public void serialize(Temporal value, JsonGenerator json, SerializerProvider provider) throws IOException {
            json.writeString(switch (value) {
                case LocalDateTime dateTime -> DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(dateTime);
                case LocalTime time -> DateTimeFormatter.ISO_LOCAL_TIME.format(time);
                case OffsetDateTime dateTime -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(dateTime);
                default -> value.toString();
            });
        }
    }
}
