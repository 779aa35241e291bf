package io.tapflow.topology;

/**
 * The headers on every dead-letter record. The record's key and value are the source record's
 * bytes, unchanged, so nothing is lost and a fixed flow can replay it.
 */
public final class DeadLetterHeaders {

    /** The flow's name. */
    public static final String FLOW = "tapflow.flow";
    /** The name of the stage that refused the record, for example {@code filter#1}. */
    public static final String STAGE = "tapflow.stage";
    /** What went wrong, in words. */
    public static final String ERROR = "tapflow.error";
    /** The Java class of the error. */
    public static final String ERROR_CLASS = "tapflow.error.class";
    /**
     * The stack trace of the user code that failed, for a Python, JavaScript or Java stage: the Python
     * traceback, the JavaScript frames or the Java stack trace. Absent for other stages.
     */
    public static final String ERROR_TRACE = "tapflow.error.trace";
    /** The topic the record was read from. */
    public static final String SOURCE_TOPIC = "tapflow.source.topic";
    /** The partition it was read from. */
    public static final String SOURCE_PARTITION = "tapflow.source.partition";
    /** Its offset there. */
    public static final String SOURCE_OFFSET = "tapflow.source.offset";

    private DeadLetterHeaders() {
    }
}
