package io.tapflow;

import java.util.Objects;

/**
 * Where a flow is, as {@link Flow#status()} reports it.
 *
 * @param flow the flow's name
 * @param state what the flow is doing
 * @param detail a sentence for people: what the flow reads and writes, or, when {@link State#FAILED}, what
 *     went wrong and what to do next
 */
public record FlowStatus(String flow, State state, String detail) {

    /** The life of a flow in the cluster. */
    public enum State {
        /** Saved in the catalog, not running in this process. */
        SAVED,
        /** Starting: capturing its table (the first start copies the table's rows), starting its sink. */
        STARTING,
        /** Running: every change of its table reaches its target. */
        RUNNING,
        /** Stopped by {@link Flow#stop()}; {@link Flow#start()} resumes where it stopped. */
        STOPPED,
        /** Stopped by an error; {@link #detail()} says which and how to fix it. */
        FAILED
    }

    public FlowStatus {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(state, "state");
        detail = detail == null ? "" : detail;
    }

    @Override
    public String toString() {
        return "flow " + flow + ": " + state.name().toLowerCase(java.util.Locale.ROOT)
                + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
