package io.tapflow.topology.stage;

/** A row could not go through a stage; the message says why, for the dead-letter headers. */
public final class StageFailure extends RuntimeException {

    public StageFailure(String message) {
        super(message);
    }

    public StageFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
