package io.tapflow.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * Renames fields, all at once: {@code {old: new}}. A renamed field keeps its place in the row.
 *
 * @param name the stage name
 * @param fields old name to new name; kept sorted by old name so the spec reads the same every time
 */
@JsonPropertyOrder({"name", "fields"})
public record RenameStage(String name, Map<String, String> fields) implements StageSpec {

    /** The type name in JSON and YAML. */
    public static final String TYPE = "rename";

    public RenameStage {
        fields = Specs.sortedCopy(fields);
    }

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }

    @Override
    public RenameStage withName(String newName) {
        return new RenameStage(newName, fields);
    }
}
