package io.tapflow.spec;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One step a flow applies to each row between its source and its target.
 *
 * <p>Every stage has a stable, user-visible {@link #name()} (by default {@code <type>#<n>}, for
 * example {@code exclude#1}) that appears in status, statistics, logs and dead-letter headers.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ExcludeStage.class, name = ExcludeStage.TYPE),
    @JsonSubTypes.Type(value = IncludeStage.class, name = IncludeStage.TYPE),
    @JsonSubTypes.Type(value = RenameStage.class, name = RenameStage.TYPE),
    @JsonSubTypes.Type(value = FilterStage.class, name = FilterStage.TYPE),
    @JsonSubTypes.Type(value = AddFieldsStage.class, name = AddFieldsStage.TYPE),
    @JsonSubTypes.Type(value = PythonStage.class, name = PythonStage.TYPE),
    @JsonSubTypes.Type(value = JavaScriptStage.class, name = JavaScriptStage.TYPE),
    @JsonSubTypes.Type(value = MapStage.class, name = MapStage.TYPE),
    @JsonSubTypes.Type(value = JavaFilterStage.class, name = JavaFilterStage.TYPE),
    @JsonSubTypes.Type(value = LookupStage.class, name = LookupStage.TYPE),
})
public sealed interface StageSpec permits ExcludeStage, IncludeStage, RenameStage, FilterStage, AddFieldsStage,
        UdfStageSpec, JavaStageSpec, LookupStage {

    /** The stage's user-visible name, unique within its flow. */
    String name();

    /** The stage's type as written in JSON and YAML ({@code exclude}, {@code rename}, ...). */
    String type();

    /** The same stage under another name. */
    StageSpec withName(String name);
}
