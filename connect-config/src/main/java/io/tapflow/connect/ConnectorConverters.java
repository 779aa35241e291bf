package io.tapflow.connect;

import io.tapflow.topology.event.WireFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The key and value converter settings of a connector, so that the bytes Debezium writes and the
 * bytes the MongoDB sink reads are in the same wire format as the flows' ({@link WireFormat}).
 */
public final class ConnectorConverters {

    private static final String AVRO_CONVERTER = "io.apicurio.registry.utils.converter.AvroConverter";
    private static final String JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";

    private ConnectorConverters() {
    }

    /** Avro in the Confluent wire format through the registry whose Apicurio v2 API is at {@code registryUrl}. */
    public static Map<String, String> avro(String registryUrl) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String side : new String[] {"key.converter", "value.converter"}) {
            settings.put(side, AVRO_CONVERTER);
            WireFormat.avroConverterSettings(registryUrl).forEach((key, value) -> settings.put(side + "." + key, value));
        }
        return settings;
    }

    /** Connect's JSON converter, with the schema in every record. */
    public static Map<String, String> jsonWithSchemas() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("key.converter", JSON_CONVERTER);
        settings.put("key.converter.schemas.enable", "true");
        settings.put("value.converter", JSON_CONVERTER);
        settings.put("value.converter.schemas.enable", "true");
        return settings;
    }
}
