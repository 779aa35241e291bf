package io.tapflow.connect.rest;

import java.util.Locale;

/** The state Kafka Connect reports for a connector or one of its tasks. */
public enum ConnectorState {
    /** Not yet assigned to a worker (or its worker has just left). */
    UNASSIGNED,
    /** Running. */
    RUNNING,
    /** Paused by a user: configured and assigned, but not processing. */
    PAUSED,
    /** Stopped by a user: no tasks run until it is resumed. */
    STOPPED,
    /** Failed; the status carries the stack trace. Restart it once the cause is fixed. */
    FAILED,
    /** A restart was requested and has not completed yet. */
    RESTARTING,
    /** A state this client does not know, reported by a newer Connect. */
    UNKNOWN;

    /** The state named by Connect's JSON ({@code "RUNNING"}, ...), or {@link #UNKNOWN}. */
    static ConnectorState of(String name) {
        if (name == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
