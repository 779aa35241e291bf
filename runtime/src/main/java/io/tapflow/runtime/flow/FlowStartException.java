package io.tapflow.runtime.flow;

/**
 * A flow could not start. The message starts with {@code Flow '<name>': }, says which step failed and why,
 * and ends with what to do.
 */
public final class FlowStartException extends IllegalStateException {

    private final String flow;

    public FlowStartException(String flow, String problem, Throwable cause) {
        super(problem.startsWith("Flow '") || problem.startsWith("Data source '") ? problem
                : "Flow '" + flow + "': " + problem, cause);
        this.flow = flow;
    }

    /** The flow's name. */
    public String flow() {
        return flow;
    }
}
