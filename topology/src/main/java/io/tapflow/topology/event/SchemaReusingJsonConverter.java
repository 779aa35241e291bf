package io.tapflow.topology.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
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
 * converter, which also reports errors. Writing likewise reuses the JSON of the last schema written
 * when it is handed the same schema object again. The results are the same either way; only the
 * work differs.
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

    /** The last schema written and its JSON. */
    private record WrittenSchema(Schema schema, byte[] json) {
    }

    private static final ObjectMapper WRITER = new ObjectMapper();

    private volatile JsonConverter plain;
    /** The same settings without the envelope: converts a payload using the schema it is given. */
    private volatile JsonConverter payloadWriter;
    private volatile WrittenSchema lastWritten;
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
        Map<String, Object> withoutEnvelope = new HashMap<>(configs);
        withoutEnvelope.put(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false");
        JsonConverter payloads = new JsonConverter();
        payloads.configure(withoutEnvelope, key);
        this.settings = new HashMap<>(configs);
        this.isKey = key;
        this.plain = converter;
        this.payloadWriter = payloads;
        this.lastWritten = null;
        lastSchema.clear();
    }

    /**
     * Writes what the plain converter writes, byte for byte. When the schema is the same object as
     * the last one written, its JSON is reused and only the payload is converted.
     */
    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        WrittenSchema written = lastWritten;
        if (schema == null || value == null) {
            return plain.fromConnectData(topic, schema, value);
        }
        if (written == null || written.schema() != schema) {
            written = new WrittenSchema(schema, schemaJson(schema));
            lastWritten = written;
        }
        byte[] payload = payloadWriter.fromConnectData(topic, schema, value);
        byte[] schemaJson = written.json();
        byte[] out = new byte[SCHEMA_START.length + schemaJson.length + PAYLOAD_START.length + payload.length + 1];
        int at = 0;
        System.arraycopy(SCHEMA_START, 0, out, at, SCHEMA_START.length);
        at += SCHEMA_START.length;
        System.arraycopy(schemaJson, 0, out, at, schemaJson.length);
        at += schemaJson.length;
        System.arraycopy(PAYLOAD_START, 0, out, at, PAYLOAD_START.length);
        at += PAYLOAD_START.length;
        System.arraycopy(payload, 0, out, at, payload.length);
        out[out.length - 1] = '}';
        return out;
    }

    private byte[] schemaJson(Schema schema) {
        try {
            return WRITER.writeValueAsBytes(plain.asJsonSchema(schema));
        } catch (IOException e) {
            throw new DataException("cannot write the JSON of schema " + schema, e);
        }
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
