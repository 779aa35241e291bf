package io.tapflow.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Keeps only the named fields of every row, in the row's own order.
 *
 * @param name the stage name
 * @param fields the fields to keep
 */
@JsonPropertyOrder({"name", "fields"})
public record IncludeStage(String name, List<String> fields) implements StageSpec {

    /** The type name in JSON and YAML. */
    public static final String TYPE = "include";

    public IncludeStage {
        fields = Specs.copy(fields);
    }

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }

    @Override
    public IncludeStage withName(String newName) {
        return new IncludeStage(newName, fields);
    }
}
