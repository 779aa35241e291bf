package io.tapflow.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * Adds (or overwrites) fields computed from the row. Every expression sees the row as it came into
 * this stage, so the new fields do not depend on each other.
 *
 * @param name the stage name
 * @param fields new field name to expression; kept sorted by name, which is also the order in which
 *     the new fields are appended to the row
 */
@JsonPropertyOrder({"name", "fields"})
public record AddFieldsStage(String name, Map<String, String> fields) implements StageSpec {

    /** The type name in JSON and YAML. */
    public static final String TYPE = "addFields";

    public AddFieldsStage {
        fields = Specs.sortedCopy(fields);
    }

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }

    @Override
    public AddFieldsStage withName(String newName) {
        return new AddFieldsStage(newName, fields);
    }
}
