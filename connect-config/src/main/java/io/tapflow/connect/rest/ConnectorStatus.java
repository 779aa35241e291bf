package io.tapflow.connect.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A connector's state and its tasks' states, as Connect reports them
 * ({@link ConnectRestClient#status(String)}).
 *
 * @param name the connector's name
 * @param type {@code source} or {@code sink} ({@code unknown} while Connect cannot load the connector)
 * @param state the connector's own state (the tasks have theirs)
 * @param workerId the worker running the connector ({@code host:port}), or {@code null} when unassigned
 * @param trace the stack trace of the connector's failure when it {@link ConnectorState#FAILED}, else {@code null}
 * @param tasks its tasks, by id
 */
public record ConnectorStatus(String name, String type, ConnectorState state, String workerId, String trace,
        List<TaskStatus> tasks) {

    /** Copies the task list. */
    public ConnectorStatus {
        tasks = List.copyOf(tasks);
    }

    static ConnectorStatus fromJson(JsonNode status) {
        JsonNode connector = status.path("connector");
        List<TaskStatus> tasks = new ArrayList<>();
        status.path("tasks").forEach(task -> tasks.add(TaskStatus.fromJson(task)));
        return new ConnectorStatus(status.path("name").asText(null), status.path("type").asText(null),
                ConnectorState.of(connector.path("state").asText(null)), connector.path("worker_id").asText(null),
                connector.path("trace").asText(null), tasks);
    }

    /** The tasks in state {@link ConnectorState#FAILED}. */
    public List<TaskStatus> failedTasks() {
        return tasks.stream().filter(task -> task.state() == ConnectorState.FAILED).toList();
    }

    /** Whether the connector and at least one task run, and no task is in any other state. */
    public boolean isRunning() {
        return state == ConnectorState.RUNNING && !tasks.isEmpty()
                && tasks.stream().allMatch(task -> task.state() == ConnectorState.RUNNING);
    }

    /** {@code name: STATE, tasks [0: STATE, ...]} with the first line of each failure. */
    @Override
    public String toString() {
        return name + ": " + state + (trace == null ? "" : " (" + firstLine(trace) + ")") + ", tasks " + tasks;
    }

    static String firstLine(String trace) {
        int end = trace.indexOf('\n');
        return (end < 0 ? trace : trace.substring(0, end)).strip();
    }
}
