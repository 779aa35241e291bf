package io.tapflow.connect.rest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A plugin installed on the Connect worker ({@link ConnectRestClient#plugins()}).
 *
 * @param className its class, for example {@code io.debezium.connector.mariadb.MariaDbConnector}
 * @param type what it is: {@code source}, {@code sink}, {@code converter}, {@code header_converter},
 *     {@code transformation} or {@code predicate}
 * @param version its version as it reports it, or {@code null}
 */
public record ConnectorPlugin(String className, String type, String version) {

    static ConnectorPlugin fromJson(JsonNode plugin) {
        return new ConnectorPlugin(plugin.path("class").asText(null), plugin.path("type").asText(null),
                plugin.path("version").asText(null));
    }
}
