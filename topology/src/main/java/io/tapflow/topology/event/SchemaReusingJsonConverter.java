package io.tapflow.topology.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.storage.Converter;

/**
 * Connect's {@code JsonConverter} with schemas, made fast for change topics, where every record
 * repeats the same schema (about 3 KB of JSON for a Debezium envelope) in front of a small payload.
 *
 * <p>Connect writes {@code {"schema":<schema>,"payload":<payload>}} compactly. This converter
 * remembers, per topic, the exact bytes of the last schema it read. A record that starts with those
 * same bytes, followed by {@code ,"payload":}, has that schema, so only its payload is parsed, by a
 * {@code JsonConverter} configured with that schema ({@code schema.content}). Any other record
 * (a new schema after a DDL change, other spacing, something malformed) goes through the plain
 * converter, which also reports errors. The results are the same either way; only the work differs.
 */
final class SchemaReusingJsonConverter implements Converter {

    private static final byte[] SCHEMA_START = "{\"schema\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PAYLOAD_START = ",\"payload\":".getBytes(StandardCharsets.US_ASCII);
    private static final JsonFactory JSON = new JsonFactory();
    /** A topic keeps the schemas of its last few shapes; a flow reads one topic, so this stays tiny. */
    private static final int MAX_TOPICS = 64;

    /** The bytes {@code [0, end)} of a record: its opening and its whole schema, and the converter for that schema. */
    private record KnownSchema(byte[] prefix, JsonConverter payloadConverter) {
    }

    private volatile JsonConverter plain;
    private volatile Map<String, Object> settings;
    private volatile boolean isKey;
    private final Map<String, KnownSchema> lastSchema = new ConcurrentHashMap<>();

    /**
     * @param settings the {@code JsonConverter} settings (schemas enabled)
     * @param isKey whether it converts keys
     */
    SchemaReusingJsonConverter(Map<String, ?> settings, boolean isKey) {
        configure(settings, isKey);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean key) {
        JsonConverter converter = new JsonConverter();
        converter.configure(configs, key);
        this.settings = new HashMap<>(configs);
        this.isKey = key;
        this.plain = converter;
        lastSchema.clear();
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        return plain.fromConnectData(topic, schema, value);
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null) {
            return plain.toConnectData(topic, null);
        }
        KnownSchema known = lastSchema.get(topic);
        if (known != null && hasSchema(value, known.prefix())) {
            int start = known.prefix().length + PAYLOAD_START.length;
            return known.payloadConverter().toConnectData(topic, Arrays.copyOfRange(value, start, value.length - 1));
        }
        SchemaAndValue converted = plain.toConnectData(topic, value);
        remember(topic, value);
        return converted;
    }

    private static boolean hasSchema(byte[] value, byte[] prefix) {
        int end = prefix.length;
        return value.length > end + PAYLOAD_START.length
                && value[value.length - 1] == '}'
                && Arrays.equals(value, 0, end, prefix, 0, end)
                && Arrays.equals(value, end, end + PAYLOAD_START.length, PAYLOAD_START, 0, PAYLOAD_START.length);
    }

    /** Learns the schema of a record the plain converter just read, if it has the compact layout. */
    private void remember(String topic, byte[] value) {
        if (value.length <= SCHEMA_START.length
                || !Arrays.equals(value, 0, SCHEMA_START.length, SCHEMA_START, 0, SCHEMA_START.length)) {
            return;
        }
        int end;
        try (JsonParser parser = JSON.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT || parser.nextToken() != JsonToken.FIELD_NAME
                    || parser.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            parser.skipChildren();
            end = (int) parser.currentLocation().getByteOffset();
        } catch (IOException e) {
            return;
        }
        byte[] prefix = Arrays.copyOf(value, end);
        if (!hasSchema(value, prefix)) {
            return;
        }
        Map<String, Object> withSchema = new HashMap<>(settings);
        withSchema.put(JsonConverterConfig.SCHEMA_CONTENT_CONFIG,
                new String(value, SCHEMA_START.length, end - SCHEMA_START.length, StandardCharsets.UTF_8));
        JsonConverter payloadConverter = new JsonConverter();
        payloadConverter.configure(withSchema, isKey);
        if (lastSchema.size() >= MAX_TOPICS) {
            lastSchema.clear();
        }
        lastSchema.put(topic, new KnownSchema(prefix, payloadConverter));
    }
}
