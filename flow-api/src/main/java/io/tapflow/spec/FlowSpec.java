package io.tapflow.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A flow as data: where it reads, the stages it applies in order, and where it writes.
 *
 * <p>This is what {@code Flow} builds and what is kept in Git (as JSON or YAML, see
 * {@link FlowSpecs}) or stored by a cluster. A spec built by hand or read from a file is not
 * trusted: {@link FlowSpecs#validate(FlowSpec)} refuses what the fluent API would have refused.
 *
 * @param formatVersion the version of this format; {@link #FORMAT_VERSION} for specs written now
 * @param name the flow's name, which also names its Kafka topics and consumer group
 * @param source the table the flow reads, as {@code <datasource>.<table>}
 * @param stages the stages applied to each row, in order
 * @param target the table or collection the flow writes, as {@code <datasource>.<table>}
 */
@JsonPropertyOrder({"formatVersion", "name", "source", "stages", "target"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FlowSpec(int formatVersion, String name, EndpointSpec source, List<StageSpec> stages,
                       EndpointSpec target) {

    /** The format version this TapFlow writes and reads. */
    public static final int FORMAT_VERSION = 1;

    public FlowSpec {
        stages = stages == null ? List.of() : List.copyOf(stages);
    }

    /** The flow's lookups, in order (nested ones included). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public List<LookupStage> lookups() {
        return stages.stream().filter(LookupStage.class::isInstance).map(LookupStage.class::cast).toList();
    }
}
