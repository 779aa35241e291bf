package io.tapflow.connect.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One position Connect holds for a connector ({@link ConnectRestClient#offsets(String)}): for a source
 * connector, its source partition and the offset committed for it, both in the connector's own terms
 * (Debezium's MySQL connector: {@code {"server": "<topic.prefix>"}} and
 * {@code {"file": "binlog.000003", "pos": 1234, ...}}).
 *
 * @param partition the source partition (for a sink connector: the Kafka topic and partition)
 * @param offset the offset committed for it; empty when the connector committed an empty one
 */
public record ConnectorOffset(Map<String, Object> partition, Map<String, Object> offset) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Copies both maps, unmodifiable; a missing offset is empty. */
    public ConnectorOffset {
        partition = Collections.unmodifiableMap(new LinkedHashMap<>(partition));
        offset = offset == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(offset));
    }

    @SuppressWarnings("unchecked")
    static ConnectorOffset fromJson(JsonNode entry) {
        return new ConnectorOffset(JSON.convertValue(entry.path("partition"), LinkedHashMap.class),
                entry.path("offset").isObject() ? JSON.convertValue(entry.path("offset"), LinkedHashMap.class) : null);
    }
}
