package io.tapflow.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * Embeds the rows of another table (the child) into each row of the flow (the parent), and keeps them fresh:
 * a change to either table changes the documents that embed it. The original TapFlow's {@code lookup}.
 *
 * @param name the stage name
 * @param table the child table, {@code <datasource>.<table>}
 * @param path where the child goes: {@code ""} merges an object child's fields into the parent's root; a field
 *     name embeds it there; {@code a.b} embeds into each child of the lookup at path {@code a} (nested)
 * @param kind {@link #OBJECT} (many-to-one: one child, or none) or {@link #ARRAY} (one-to-many: all children,
 *     as a list ordered by {@code arrayKeys})
 * @param relation parent field to child field, compared for equality; for a nested lookup the parent fields are
 *     the fields of the enclosing lookup's child rows. Child fields are named as after {@code stages}.
 * @param arrayKeys for an array: the child fields that order its elements; empty for the child's primary key
 * @param stages what is done to each child row before it is embedded: exclude, include, rename, filter,
 *     addFields, py, js, map
 * @param inner {@code true} to drop a parent without a matching child (an array: without any); by default a
 *     parent without one is kept (left join)
 */
@JsonPropertyOrder({"name", "table", "path", "kind", "relation", "arrayKeys", "stages", "inner"})
public record LookupStage(String name, String table, String path, String kind, Map<String, String> relation,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> arrayKeys,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<StageSpec> stages,
                          @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean inner) implements StageSpec {

    /** The type name in JSON and YAML. */
    public static final String TYPE = "lookup";
    /** One child per parent, embedded as a sub-document or merged into the root. */
    public static final String OBJECT = "object";
    /** All matching children, embedded as a list. */
    public static final String ARRAY = "array";

    public LookupStage {
        path = path == null ? "" : path;
        kind = kind == null ? OBJECT : kind;
        relation = Specs.orderedCopy(relation);
        arrayKeys = Specs.copy(arrayKeys);
        stages = stages == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(stages));
    }

    /** The stage as read from JSON or YAML, where defaults are left out. */
    @JsonCreator
    static LookupStage read(@JsonProperty("name") String name, @JsonProperty("table") String table,
                            @JsonProperty("path") String path, @JsonProperty("kind") String kind,
                            @JsonProperty("relation") Map<String, String> relation,
                            @JsonProperty("arrayKeys") List<String> arrayKeys,
                            @JsonProperty("stages") List<StageSpec> stages, @JsonProperty("inner") Boolean inner) {
        return new LookupStage(name, table, path, kind, relation, arrayKeys, stages, Boolean.TRUE.equals(inner));
    }

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }

    @Override
    public LookupStage withName(String newName) {
        return new LookupStage(newName, table, path, kind, relation, arrayKeys, stages, inner);
    }

    /** Whether the children are embedded as a list. */
    @JsonIgnore
    public boolean isArray() {
        return ARRAY.equals(kind);
    }

    /** The path of the lookup this one is nested in ({@code a} for {@code a.b}), or {@code ""} for none. */
    @JsonIgnore
    public String parentPath() {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    /** The last segment of the path: the field the child goes to in its parent row ({@code b} for {@code a.b}). */
    @JsonIgnore
    public String field() {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** The data source part of {@link #table()}. */
    @JsonIgnore
    public String dataSource() {
        return new EndpointSpec(null, table).dataSource();
    }

    /** The table part of {@link #table()}. */
    @JsonIgnore
    public String tableName() {
        return new EndpointSpec(null, table).tableName();
    }
}
