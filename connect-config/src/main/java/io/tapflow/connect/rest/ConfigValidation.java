package io.tapflow.connect.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Connect's verdict on a connector config ({@link ConnectRestClient#validate(String, Map)}).
 *
 * @param connectorClass the connector class the config was checked against
 * @param errorCount how many errors Connect found
 * @param errors the error messages per config key, only for keys that have some, in Connect's order;
 *     credentials the config held are masked
 */
public record ConfigValidation(String connectorClass, int errorCount, Map<String, List<String>> errors) {

    /** Copies the errors. */
    public ConfigValidation {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        errors.forEach((key, messages) -> copy.put(key, List.copyOf(messages)));
        errors = Collections.unmodifiableMap(copy);
    }

    static ConfigValidation fromJson(String connectorClass, JsonNode body, Map<String, String> sentConfig) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        body.path("configs").forEach(config -> {
            JsonNode value = config.path("value");
            List<String> messages = new ArrayList<>();
            value.path("errors").forEach(error -> messages.add(Secrets.scrub(error.asText(), sentConfig)));
            if (!messages.isEmpty()) {
                errors.put(value.path("name").asText(), messages);
            }
        });
        return new ConfigValidation(connectorClass, body.path("error_count").asInt(), errors);
    }

    /** Whether Connect found no error. */
    public boolean valid() {
        return errorCount == 0;
    }

    /** {@code class: valid}, or the errors per key. */
    @Override
    public String toString() {
        return connectorClass + (valid() ? ": valid" : ": " + errorCount + " error(s) " + errors);
    }
}
