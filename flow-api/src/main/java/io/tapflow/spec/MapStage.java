package io.tapflow.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.tapflow.RecordFunction;

/**
 * Runs a Java {@link RecordFunction} on each row. Either a lambda or object given in the program that defines
 * the flow ({@code function}; such a flow cannot be written as JSON or YAML), or a class name
 * ({@code className}, with a public no-argument constructor) that the JVM running the flow loads.
 *
 * @param name the stage name
 * @param className the function's class, or {@code null} for a function given as an object
 * @param function the function object, or {@code null} when only the class is named
 */
@JsonPropertyOrder({"name", "className"})
public record MapStage(String name, String className, @JsonIgnore RecordFunction function) implements JavaStageSpec {

    /** The type name in JSON and YAML. */
    public static final String TYPE = "map";

    /** A stage naming its function's class, as read from JSON or YAML. */
    @JsonCreator
    public MapStage(@JsonProperty("name") String name, @JsonProperty("className") String className) {
        this(name, className, null);
    }

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }

    @Override
    @JsonIgnore
    public Object instance() {
        return function;
    }

    @Override
    public MapStage withName(String newName) {
        return new MapStage(newName, className, function);
    }
}
