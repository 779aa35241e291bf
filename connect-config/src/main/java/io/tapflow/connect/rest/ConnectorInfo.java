package io.tapflow.connect.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A connector as Connect stores it: what {@link ConnectRestClient#createOrUpdate(String, Map)} answers.
 *
 * @param name the connector's name
 * @param type {@code source} or {@code sink}; {@code null} when Connect did not say
 * @param config its whole config, as Connect keeps it (with {@code name})
 * @param tasks the ids of its tasks; empty until Connect has started the connector and planned its tasks
 */
public record ConnectorInfo(String name, String type, Map<String, String> config, List<Integer> tasks) {

    /** Copies the config and the task ids. */
    public ConnectorInfo {
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        tasks = List.copyOf(tasks);
    }

    static ConnectorInfo fromJson(JsonNode info) {
        List<Integer> tasks = new ArrayList<>();
        info.path("tasks").forEach(task -> tasks.add(task.path("task").asInt()));
        return new ConnectorInfo(info.path("name").asText(null), info.path("type").asText(null),
                ConnectRestClient.strings(info.path("config")), tasks);
    }

    /** The name, type, tasks and config, with credentials masked. */
    @Override
    public String toString() {
        return "ConnectorInfo[name=" + name + ", type=" + type + ", tasks=" + tasks + ", config="
                + Secrets.masked(config) + "]";
    }
}
