package io.tapflow.topology.event;

/**
 * A record read from a topic could not be turned into a change event or row: not valid for the configured
 * converter, not a Debezium envelope, not a row change, or a value that does not fit its declared type.
 * The message names the topic and the reason.
 */
public final class UndecodableEventException extends RuntimeException {

    public UndecodableEventException(String message) {
        super(message);
    }

    public UndecodableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
