package io.tapflow.connect.rest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One task of a connector, as {@link ConnectRestClient#status(String)} reports it.
 *
 * @param id the task number, from 0
 * @param state its state
 * @param workerId the worker running it ({@code host:port}), or {@code null} when unassigned
 * @param trace the stack trace of the failure when {@code state} is {@link ConnectorState#FAILED}, else {@code null}
 */
public record TaskStatus(int id, ConnectorState state, String workerId, String trace) {

    static TaskStatus fromJson(JsonNode task) {
        return new TaskStatus(task.path("id").asInt(), ConnectorState.of(task.path("state").asText(null)),
                task.path("worker_id").asText(null), task.path("trace").asText(null));
    }

    /** {@code id: STATE}, and the first line of the trace if it failed. */
    @Override
    public String toString() {
        return id + ": " + state + (trace == null ? "" : " (" + ConnectorStatus.firstLine(trace) + ")");
    }
}
