package io.tapflow.topology.stage;

/** A row could not go through a stage; the message says why, for the dead-letter headers. */
public final class StageFailure extends RuntimeException {

    private final String trace;

    public StageFailure(String message) {
        this(message, null, null);
    }

    public StageFailure(String message, Throwable cause) {
        this(message, null, cause);
    }

    /**
     * @param trace the stack trace of the user code that failed (Python, JavaScript or Java), for the
     *     dead-letter headers; {@code null} if there is none
     */
    public StageFailure(String message, String trace, Throwable cause) {
        super(message, cause);
        this.trace = trace;
    }

    /** The user code's stack trace, or {@code null}. */
    public String trace() {
        return trace;
    }
}
