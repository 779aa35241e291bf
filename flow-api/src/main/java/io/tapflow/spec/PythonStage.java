package io.tapflow.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Runs a Python function {@code def process(record, context)} on each row, sandboxed; returning None drops
 * the row. The source is kept whole in the spec, so a stored flow needs no file.
 *
 * @param name the stage name
 * @param source the Python source, defining {@code process}
 * @param deletes whether the function also sees deletes (otherwise they pass untouched)
 * @param timeLimitMs how long one call may run, in milliseconds; {@code null} for the default (2 s)
 */
@JsonPropertyOrder({"name", "source", "deletes", "timeLimitMs"})
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record PythonStage(String name, String source, boolean deletes, Long timeLimitMs) implements UdfStageSpec {

    /** The type name in JSON and YAML. */
    public static final String TYPE = "py";

    /** The stage as read from JSON or YAML, where {@code deletes: false} and the default time limit are left out. */
    @JsonCreator
    static PythonStage read(@JsonProperty("name") String name, @JsonProperty("source") String source,
                    @JsonProperty("deletes") Boolean deletes, @JsonProperty("timeLimitMs") Long timeLimitMs) {
        return new PythonStage(name, source, Boolean.TRUE.equals(deletes), timeLimitMs);
    }

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }

    @Override
    public PythonStage withName(String newName) {
        return new PythonStage(newName, source, deletes, timeLimitMs);
    }
}
