package io.tapflow.runtime;

import io.tapflow.connect.ConnectorConverters;
import io.tapflow.topology.event.WireFormat;
import java.util.Map;

/**
 * How records are written on a deployment's topics, by Debezium, by flows and for the MongoDB sink:
 * the same for all of them, so any of them can read what another wrote.
 */
public enum Encoding {

    /**
     * Avro in the Confluent wire format through the schema registry (the default): compact, typed, and
     * readable by any Kafka consumer with a Confluent-compatible deserializer.
     */
    AVRO,

    /** Kafka Connect's JSON with the schema in every record: larger, but readable by anything. */
    JSON;

    /** The wire format flows use. */
    WireFormat wireFormat(String registryUrl) {
        return this == AVRO ? WireFormat.avro(registryUrl) : WireFormat.json(true);
    }

    /** The converter settings connectors use. */
    Map<String, String> connectorConverters(String registryUrl) {
        return this == AVRO ? ConnectorConverters.avro(registryUrl) : ConnectorConverters.jsonWithSchemas();
    }
}
