package io.tapflow.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.tapflow.RecordPredicate;

/**
 * Keeps the rows a Java {@link RecordPredicate} accepts; like {@link FilterStage}, an update that stops
 * matching deletes the document. The predicate is an object given in the program ({@code predicate}; such a
 * flow cannot be written as JSON or YAML) or a class name ({@code className}).
 *
 * @param name the stage name
 * @param className the predicate's class, or {@code null} for a predicate given as an object
 * @param predicate the predicate object, or {@code null} when only the class is named
 */
@JsonPropertyOrder({"name", "className"})
public record JavaFilterStage(String name, String className, @JsonIgnore RecordPredicate predicate)
        implements JavaStageSpec {

    /** The type name in JSON and YAML. */
    public static final String TYPE = "javaFilter";

    /** A stage naming its predicate's class, as read from JSON or YAML. */
    @JsonCreator
    public JavaFilterStage(@JsonProperty("name") String name, @JsonProperty("className") String className) {
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
        return predicate;
    }

    @Override
    public JavaFilterStage withName(String newName) {
        return new JavaFilterStage(newName, className, predicate);
    }
}
