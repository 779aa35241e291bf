package io.tapflow.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Keeps the rows for which the expression is true. When an updated row stops matching, its
 * document is deleted downstream, so the target always equals the filtered source.
 *
 * @param name the stage name
 * @param expression the condition, in TapFlow's expression syntax (see {@code FieldExpression})
 */
@JsonPropertyOrder({"name", "expression"})
public record FilterStage(String name, String expression) implements StageSpec {

    /** The type name in JSON and YAML. */
    public static final String TYPE = "filter";

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }

    @Override
    public FilterStage withName(String newName) {
        return new FilterStage(newName, expression);
    }
}
