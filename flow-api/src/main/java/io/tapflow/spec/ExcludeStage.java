package io.tapflow.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Removes the named fields from every row; fields a row does not have are ignored.
 *
 * @param name the stage name
 * @param fields the fields to remove
 */
@JsonPropertyOrder({"name", "fields"})
public record ExcludeStage(String name, List<String> fields) implements StageSpec {

    /** The type name in JSON and YAML. */
    public static final String TYPE = "exclude";

    public ExcludeStage {
        fields = Specs.copy(fields);
    }

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }

    @Override
    public ExcludeStage withName(String newName) {
        return new ExcludeStage(newName, fields);
    }
}
