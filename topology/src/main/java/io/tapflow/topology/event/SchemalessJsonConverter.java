package io.tapflow.topology.event;

import java.io.IOException;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.Converter;

/**
 * Connect's {@code JsonConverter} with {@code schemas.enable=false}, except that reading keeps the order of
 * object fields: the plain converter reads objects into {@code HashMap}s, which would scramble column order.
 * Whole numbers read as {@code Long}, others as {@code Double}, exactly as the plain converter reads them.
 */
final class SchemalessJsonConverter implements Converter {

    private final JsonConverter writer;

    /** @param writer an already configured schemaless {@code JsonConverter}, used for writing */
    SchemalessJsonConverter(JsonConverter writer) {
        this.writer = writer;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        writer.configure(configs, isKey);
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        return writer.fromConnectData(topic, schema, value);
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        try {
            return new SchemaAndValue(null, JsonText.parse(value));
        } catch (IOException e) {
            throw new DataException("Converting byte[] to Kafka Connect data failed due to serialization error: "
                    + e.getMessage(), e);
        }
    }
}
