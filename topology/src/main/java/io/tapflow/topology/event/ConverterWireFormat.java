package io.tapflow.topology.event;

import io.apicurio.registry.utils.converter.AvroConverter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.storage.Converter;

/**
 * {@link WireFormat} over a key and a value {@link Converter}: the converters own the byte format, this class
 * the Debezium envelope and the row types. Safe for concurrent use.
 */
final class ConverterWireFormat implements WireFormat {

    private final Converter keyConverter;
    private final Converter valueConverter;
    /** Whether the format carries Connect logical types; JSON without schemas does not. */
    private final boolean typed;
    /** The format's name in error messages, e.g. "Kafka Connect JSON with schemas". */
    private final String formatName;
    /**
     * The schemas of the last key and row written. Output rows of a flow nearly always have the same shape,
     * and handing the converter the very same schema object spares it from deriving it again. A race
     * between threads only costs that saving, never correctness.
     */
    private volatile Schema lastKeySchema;
    private volatile Schema lastValueSchema;
    /** The column types of the last envelope schema decoded: the same schema object nearly every time. */
    private volatile ColumnTypes lastColumnTypes;

    private record ColumnTypes(Schema envelope, Map<String, Schema> types) {
    }

    ConverterWireFormat(Converter keyConverter, Converter valueConverter) {
        this(keyConverter, valueConverter, true, valueConverter.getClass().getSimpleName());
    }

    private ConverterWireFormat(Converter keyConverter, Converter valueConverter, boolean typed, String formatName) {
        this.keyConverter = keyConverter;
        this.valueConverter = valueConverter;
        this.typed = typed;
        this.formatName = formatName;
    }

    static ConverterWireFormat json(boolean schemasEnabled) {
        if (schemasEnabled) {
            return new ConverterWireFormat(new SchemaReusingJsonConverter(jsonSettings(true), true),
                    new SchemaReusingJsonConverter(jsonSettings(true), false), true,
                    "Kafka Connect JSON with schemas (schemas.enable=true)");
        }
        return new ConverterWireFormat(new SchemalessJsonConverter(jsonConverter(false, true)),
                new SchemalessJsonConverter(jsonConverter(false, false)), false,
                "Kafka Connect JSON without schemas (schemas.enable=false)");
    }

    static ConverterWireFormat avro(String registryUrl) {
        Map<String, String> settings = avroSettings(registryUrl);
        return new ConverterWireFormat(new PerTopicConverter(() -> avroConverter(settings, true)),
                new PerTopicConverter(() -> avroConverter(settings, false)), true,
                "Avro with schemas from the registry at " + registryUrl);
    }

    private static Converter avroConverter(Map<String, String> settings, boolean isKey) {
        AvroConverter converter = new AvroConverter();
        converter.configure(settings, isKey);
        return converter;
    }

    /**
     * Ids go in the record (not in headers) as 4-byte content ids after a zero byte, which is the Confluent
     * wire format; the registry's Confluent-compatible API resolves the same ids.
     */
    static Map<String, String> avroSettings(String registryUrl) {
        return Map.of(
                "apicurio.registry.url", registryUrl,
                "apicurio.registry.auto-register", "true",
                "apicurio.registry.find-latest", "true",
                "apicurio.registry.headers.enabled", "false",
                "apicurio.registry.as-confluent", "true",
                "apicurio.registry.use-id", "contentId");
    }

    /**
     * Decimals are written as JSON numbers so consumers without Connect see a number; reading accepts both
     * numbers and Debezium's base64. A {@code null} must stay {@code null}: by default the converter would
     * put a column's schema default in its place, inventing values the database never had.
     */
    static JsonConverter jsonConverter(boolean schemasEnabled, boolean isKey) {
        JsonConverter converter = new JsonConverter();
        converter.configure(jsonSettings(schemasEnabled), isKey);
        return converter;
    }

    static Map<String, Object> jsonSettings(boolean schemasEnabled) {
        return Map.of(
                JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, Boolean.toString(schemasEnabled),
                JsonConverterConfig.DECIMAL_FORMAT_CONFIG, "NUMERIC",
                JsonConverterConfig.REPLACE_NULL_WITH_DEFAULT_CONFIG, "false");
    }

    @Override
    public ChangeEvent decode(String topic, byte[] key, byte[] value) {
        if (value == null) {
            return null;
        }
        SchemaAndValue data = read(valueConverter, topic, value, "value");
        Map<String, Object> envelope = envelope(topic, data);
        String code = String.valueOf(envelope.get("op"));
        Operation op = switch (code) {
            case "r", "c", "u", "d" -> Operation.ofCode(code);
            case "t" -> throw notARowChange(topic, "a truncate event (op 't')");
            case "m" -> throw notARowChange(topic, "a logical decoding message (op 'm')");
            default -> throw new UndecodableEventException("Record on topic '" + topic
                    + "' has Debezium op '" + code + "', which is not one of r, c, u, d");
        };
        Map<String, Object> before = row(topic, envelope, "before");
        Map<String, Object> after = row(topic, envelope, "after");
        if (op == Operation.DELETE ? before == null : after == null) {
            throw new UndecodableEventException("Record on topic '" + topic + "' is a change event with op '" + code
                    + "' but no '" + (op == Operation.DELETE ? "before" : "after") + "' row");
        }
        Map<String, Object> source = row(topic, envelope, "source");
        Map<String, Object> keyRow = key == null ? new LinkedHashMap<>() : decodeKey(topic, key);
        return new ChangeEvent(op, keyRow, before, after, source == null ? new LinkedHashMap<>() : source,
                timestamp(envelope, source), columnTypes(data.schema()));
    }

    @Override
    public byte[] encodeKey(String topic, Map<String, Object> key) {
        if (key == null) {
            return null;
        }
        SchemaAndValue data = RowSchemas.toConnect(key, typed, lastKeySchema);
        lastKeySchema = data.schema();
        return write(keyConverter, topic, data, "key");
    }

    @Override
    public byte[] encodeValue(String topic, Map<String, Object> row) {
        return encodeValue(topic, row, name -> null);
    }

    @Override
    public byte[] encodeValue(String topic, Map<String, Object> row, Function<String, Schema> columnType) {
        if (row == null) {
            return null;
        }
        SchemaAndValue data = RowSchemas.toConnect(row, typed, lastValueSchema, columnType);
        lastValueSchema = data.schema();
        return write(valueConverter, topic, data, "value");
    }

    @Override
    public Map<String, Object> decodeKey(String topic, byte[] key) {
        if (key == null) {
            return null;
        }
        return struct(topic, read(keyConverter, topic, key, "key"), "key");
    }

    @Override
    public Map<String, Object> decodeValue(String topic, byte[] value) {
        if (value == null) {
            return null;
        }
        return struct(topic, read(valueConverter, topic, value, "value"), "value");
    }

    private SchemaAndValue read(Converter converter, String topic, byte[] bytes, String part) {
        try {
            return converter.toConnectData(topic, bytes);
        } catch (RuntimeException e) {
            throw unavailableOr(e, topic, () -> new UndecodableEventException("Record " + part + " on topic '" + topic
                    + "' cannot be read as " + formatName + ": " + rootMessage(e), e));
        }
    }

    /**
     * A converter that cannot reach its schema registry fails the flow instead of dead-lettering every record
     * until the registry is back; Kafka Streams then stops without committing, so nothing is lost. Any other
     * failure is about the record itself.
     */
    private RuntimeException unavailableOr(RuntimeException e, String topic, Supplier<RuntimeException> aboutTheRecord) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.SocketException || cause instanceof java.net.SocketTimeoutException
                    || cause instanceof java.net.UnknownHostException || cause instanceof java.net.http.HttpTimeoutException) {
                return new IllegalStateException("Topic '" + topic + "': " + formatName + " is unavailable ("
                        + rootMessage(e) + "). Fix: check that the schema registry runs and is reachable.", e);
            }
        }
        return aboutTheRecord.get();
    }

    private byte[] write(Converter converter, String topic, SchemaAndValue data, String part) {
        try {
            return converter.fromConnectData(topic, data.schema(), data.value());
        } catch (RuntimeException e) {
            throw unavailableOr(e, topic, () -> new UnencodableValueException("Output " + part + " for topic '" + topic
                    + "' cannot be written as " + formatName + ": " + rootMessage(e)
                    + (e.getClass().getSimpleName().contains("RuleViolation")
                            ? ". The registry refused this row's schema as an incompatible change; the output keeps"
                                    + " its earlier schema, and this row went to the dead-letter topic"
                            : ""), e));
        }
    }

    private static Map<String, Object> struct(String topic, SchemaAndValue data, String part) {
        if (!(data.value() instanceof Struct) && !(data.value() instanceof Map)) {
            throw new UndecodableEventException("Record " + part + " on topic '" + topic + "' is "
                    + ConnectValues.describe(data.schema(), data.value()) + ", expected a struct");
        }
        return withTopic(topic, () -> ConnectValues.toRow(data.schema(), data.value(), part));
    }

    private static Map<String, Object> envelope(String topic, SchemaAndValue data) {
        Object value = data.value();
        boolean hasOp = value instanceof Struct struct ? struct.schema().field("op") != null
                : value instanceof Map<?, ?> map && map.containsKey("op");
        if (!hasOp) {
            throw new UndecodableEventException("Record value on topic '" + topic + "' is not a Debezium change event: "
                    + "expected an envelope with 'op', 'before', 'after' and 'source', got " + shape(data)
                    + ". Check that the topic is a Debezium table topic and that the converter settings "
                    + "(schemas.enable) match the connector's.");
        }
        return withTopic(topic, () -> ConnectValues.toRow(data.schema(), value, "value"));
    }

    private Map<String, Schema> columnTypes(Schema envelope) {
        if (envelope == null) {
            return Map.of();
        }
        ColumnTypes last = lastColumnTypes;
        if (last != null && last.envelope() == envelope) {
            return last.types();
        }
        Field after = envelope.field("after");
        Field before = envelope.field("before");
        Field row = after != null ? after : before;
        Map<String, Schema> types = row == null ? Map.of() : RowSchemas.columnTypes(row.schema());
        lastColumnTypes = new ColumnTypes(envelope, types);
        return types;
    }

    private static String shape(SchemaAndValue data) {
        Object value = data.value();
        if (value instanceof Struct struct) {
            return "a struct " + (struct.schema().name() == null ? "" : "'" + struct.schema().name() + "' ")
                    + "with fields " + struct.schema().fields().stream().map(Field::name).toList();
        }
        if (value instanceof Map<?, ?> map) {
            return "an object with fields " + map.keySet();
        }
        return ConnectValues.describe(data.schema(), value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> row(String topic, Map<String, Object> envelope, String field) {
        Object row = envelope.get(field);
        if (row == null || row instanceof Map) {
            return (Map<String, Object>) row;
        }
        throw new UndecodableEventException("Record value on topic '" + topic + "' has a '" + field
                + "' that is not a struct but a " + row.getClass().getSimpleName());
    }

    private static long timestamp(Map<String, Object> envelope, Map<String, Object> source) {
        if (envelope.get("ts_ms") instanceof Number ts) {
            return ts.longValue();
        }
        return source != null && source.get("ts_ms") instanceof Number ts ? ts.longValue() : 0L;
    }

    private static UndecodableEventException notARowChange(String topic, String what) {
        return new UndecodableEventException("Record on topic '" + topic + "' is " + what + ", not a row change");
    }

    private static Map<String, Object> withTopic(String topic, Supplier<Map<String, Object>> decoding) {
        try {
            return decoding.get();
        } catch (UndecodableEventException | DataException e) {
            throw new UndecodableEventException("Record on topic '" + topic + "': " + e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
                message.append(" (").append(cause.getMessage()).append(')');
                break;
            }
        }
        return message.toString();
    }
}
