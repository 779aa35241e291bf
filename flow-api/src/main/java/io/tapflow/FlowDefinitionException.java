package io.tapflow;

/**
 * A flow definition was refused. The message names the flow, the stage and what to change.
 *
 * <p>Thrown by the fluent {@link Flow} API at the call that made the definition invalid, and by
 * {@link io.tapflow.spec.FlowSpecs} when a spec read from JSON or YAML is invalid.
 */
public final class FlowDefinitionException extends IllegalArgumentException {

    private final String flow;
    private final String stage;

    /**
     * @param flow the flow's name, or {@code null} when the name itself is what is wrong
     * @param stage the stage's name, or {@code null} when the problem is not in one stage
     * @param problem what is wrong and how to fix it
     */
    public FlowDefinitionException(String flow, String stage, String problem) {
        super(where(flow, stage) + problem);
        this.flow = flow;
        this.stage = stage;
    }

    /** The flow's name, or {@code null} when the name itself was refused. */
    public String flow() {
        return flow;
    }

    /** The stage's name, or {@code null} when the problem is not in one stage. */
    public String stage() {
        return stage;
    }

    private static String where(String flow, String stage) {
        StringBuilder at = new StringBuilder();
        if (flow != null) {
            at.append("Flow '").append(flow).append('\'');
        }
        if (stage != null) {
            at.append(at.isEmpty() ? "Stage '" : ", stage '").append(stage).append('\'');
        }
        return at.isEmpty() ? "" : at.append(": ").toString();
    }
}
