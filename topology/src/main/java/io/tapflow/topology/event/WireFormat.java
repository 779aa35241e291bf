package io.tapflow.topology.event;

import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.storage.Converter;

/**
 * Reads Debezium change events and writes flow output rows, as bytes on Kafka topics.
 *
 * <p>The byte format sits behind one Kafka Connect {@link Converter} for keys and one for values (JSON today,
 * Avro with a schema registry later); everything after the converter (envelope decoding, type mapping,
 * output schema inference) does not depend on the format. Implementations keep no per-record state and are
 * safe for concurrent use by several stream threads, provided the converters are (Connect's
 * {@code JsonConverter} is).
 *
 * <h2>Decoding: Connect schema to Java type</h2>
 * <table>
 *   <caption>Types in decoded rows</caption>
 *   <tr><th>Connect schema (type / name)</th><th>Java</th></tr>
 *   <tr><td>INT8, INT16, INT32</td><td>{@code Integer}</td></tr>
 *   <tr><td>INT8, INT16 with parameters {@code __debezium.source.column.type=TINYINT} and
 *       {@code __debezium.source.column.length=1}</td><td>{@code Boolean} (TINYINT(1))</td></tr>
 *   <tr><td>INT64</td><td>{@code Long}</td></tr>
 *   <tr><td>FLOAT32 / FLOAT64</td><td>{@code Float} / {@code Double}</td></tr>
 *   <tr><td>BOOLEAN (BIT(1), TINYINT(1) through the boolean converter)</td><td>{@code Boolean}</td></tr>
 *   <tr><td>STRING, {@code io.debezium.data.Enum}, {@code io.debezium.data.EnumSet}</td><td>{@code String}</td></tr>
 *   <tr><td>BYTES</td><td>{@code byte[]}</td></tr>
 *   <tr><td>{@code org.apache.kafka.connect.data.Decimal}, {@code io.debezium.data.VariableScaleDecimal}</td>
 *       <td>{@code BigDecimal} (exact, scale kept)</td></tr>
 *   <tr><td>{@code io.debezium.time.Date}, Connect {@code Date}</td><td>{@code LocalDate}</td></tr>
 *   <tr><td>{@code io.debezium.time.Timestamp}, {@code MicroTimestamp}, {@code NanoTimestamp}, Connect
 *       {@code Timestamp}</td><td>{@code LocalDateTime} (MySQL DATETIME has no zone; Debezium writes it as if
 *       UTC)</td></tr>
 *   <tr><td>Connect {@code Timestamp} with parameter {@code tapflow.temporal=instant} (our own output)</td>
 *       <td>{@code Instant}</td></tr>
 *   <tr><td>{@code io.debezium.time.ZonedTimestamp} (MySQL TIMESTAMP)</td><td>{@code Instant}</td></tr>
 *   <tr><td>{@code io.debezium.time.Time}, {@code MicroTime}, {@code NanoTime}, Connect {@code Time}</td>
 *       <td>{@code LocalTime}; {@code Duration} when outside 00:00 to 24:00 (MySQL TIME spans
 *       -838:59:59 to 838:59:59)</td></tr>
 *   <tr><td>{@code io.debezium.time.Year}</td><td>{@code Integer}</td></tr>
 *   <tr><td>{@code io.debezium.data.Json}</td><td>the parsed document: {@code LinkedHashMap}, {@code ArrayList},
 *       {@code String}, {@code Long} (or {@code BigInteger} beyond 64 bits), {@code Double}, {@code Boolean},
 *       {@code null}</td></tr>
 *   <tr><td>other STRUCT / ARRAY / MAP</td><td>{@code LinkedHashMap} / {@code ArrayList} / {@code LinkedHashMap}</td></tr>
 * </table>
 * A {@code null} value stays {@code null}; a column's schema default never replaces it.
 *
 * <p><b>Without schemas</b> ({@code json(false)}) the bytes carry no type information, so values keep their
 * JSON types: whole numbers are {@code Long}, other numbers {@code Double}, objects {@code LinkedHashMap},
 * arrays {@code ArrayList}. Debezium's encodings then come through undecoded: a DECIMAL is its base64 text,
 * a DATETIME its epoch milliseconds, a JSON column its text.
 *
 * <h2>Encoding: Java type to Connect schema</h2>
 * Each output record gets its own schema, inferred from its values; every field is optional.
 * {@code String} STRING; {@code Integer}, {@code Short}, {@code Byte} INT32; {@code Long} INT64; {@code Float}
 * FLOAT32; {@code Double} FLOAT64; {@code Boolean} BOOLEAN; {@code BigDecimal} Connect Decimal with the value's
 * scale (written as a JSON number); {@code BigInteger} Decimal scale 0; {@code LocalDate} Connect Date;
 * {@code LocalDateTime} Connect Timestamp as UTC (milliseconds: finer digits are cut); {@code Instant},
 * {@code OffsetDateTime}, {@code ZonedDateTime} Connect Timestamp marked {@code tapflow.temporal=instant}
 * (decoded back as {@code Instant}; the offset is not kept); {@code LocalTime} Connect Time (milliseconds);
 * {@code byte[]} BYTES; {@code Map} STRUCT in the map's order; {@code List} ARRAY of one element schema
 * (INT32 with INT64 gives INT64, any number with FLOAT32/FLOAT64 gives FLOAT64, Decimals widen to the
 * largest scale, structs merge into the union of their fields); {@code null} an optional STRING.
 * Without schemas, dates and times are written as ISO-8601 text, decimals as JSON numbers.
 * {@code java.time.Duration} (what a MySQL TIME beyond a day decodes to) and other types have no mapping and
 * are rejected with {@link UnencodableValueException}.
 */
public interface WireFormat {

    /**
     * Connect's {@code JsonConverter} for keys and values, as Debezium writes with it.
     *
     * @param schemasEnabled whether records carry their schema ({@code schemas.enable}); without it values
     *                       keep their JSON types (see above)
     */
    static WireFormat json(boolean schemasEnabled) {
        return ConverterWireFormat.json(schemasEnabled);
    }

    /**
     * Avro through a schema registry, in the Confluent wire format (magic byte 0, 4-byte schema id, Avro
     * binary), so any Kafka consumer with a Confluent-compatible deserializer can read the records. New
     * schemas are registered as they appear. Uses Apicurio's Connect {@code AvroConverter}, configured as
     * Debezium's is, so the ids a flow writes and the ids Debezium writes come from the same registry.
     *
     * @param registryUrl the registry's Apicurio v2 API, e.g. {@code http://127.0.0.1:8081/apis/registry/v2}
     */
    static WireFormat avro(String registryUrl) {
        return ConverterWireFormat.avro(registryUrl);
    }

    /**
     * The converter settings under which records are Avro in the Confluent wire format through an Apicurio
     * registry: the same for Debezium's connector, a flow, and the MongoDB sink.
     */
    static Map<String, String> avroConverterSettings(String registryUrl) {
        return ConverterWireFormat.avroSettings(registryUrl);
    }

    /**
     * A wire format over converters the caller has already configured (one as key converter, one as value
     * converter). They must be safe for concurrent use.
     */
    static WireFormat of(Converter keyConverter, Converter valueConverter) {
        return new ConverterWireFormat(keyConverter, valueConverter);
    }

    /**
     * Decodes one record of a Debezium change event topic.
     *
     * @return the change event, or {@code null} for a tombstone ({@code value} is {@code null})
     * @throws UndecodableEventException naming the topic and the reason when the bytes are not a Debezium row
     *                                   change (unreadable, no envelope, truncate or message events, ...)
     */
    ChangeEvent decode(String topic, byte[] key, byte[] value);

    /**
     * Encodes an output key, the primary-key struct such as {@code {"order_id": "o1"}}. Inverse of
     * {@link #decodeKey}.
     *
     * @throws UnencodableValueException naming the field path when a value has no mapping
     */
    byte[] encodeKey(String topic, Map<String, Object> key);

    /**
     * Encodes an output row with a schema inferred from its values. Inverse of {@link #decodeValue}; a
     * {@code null} row gives {@code null} (a tombstone).
     *
     * @throws UnencodableValueException naming the field path when a value has no mapping or list elements
     *                                   cannot share one schema
     */
    byte[] encodeValue(String topic, Map<String, Object> row);

    /**
     * Encodes an output row like {@link #encodeValue(String, Map)}, giving a {@code null} field the type its
     * column has, so the row's schema does not change with its nulls (which a schema registry would
     * refuse as an incompatible change).
     *
     * @param columnType the schema for a field by its name in the row, or {@code null} where unknown;
     *                   see {@link ChangeEvent#columnTypes()}
     */
    byte[] encodeValue(String topic, Map<String, Object> row, Function<String, Schema> columnType);

    /**
     * Decodes a key written by {@link #encodeKey} (or a Debezium key) into a typed map; {@code null} for a
     * {@code null} key. ({@link #decode} gives an empty map for the {@code null} key of a table without a
     * primary key.)
     *
     * @throws UndecodableEventException when the bytes are not a struct for the key converter
     */
    Map<String, Object> decodeKey(String topic, byte[] key);

    /**
     * Decodes a row written by {@link #encodeValue} into a typed map.
     *
     * @return the row, or {@code null} for a tombstone
     * @throws UndecodableEventException when the bytes are not a struct for the value converter
     */
    Map<String, Object> decodeValue(String topic, byte[] value);
}
