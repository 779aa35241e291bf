package io.tapflow.udf;

/**
 * A UDF failed on one record: it raised an error, returned something that is not a record, ran past its
 * time limit or tried to use too much memory. The message says which, in words; {@link #guestStackTrace()}
 * is the Python or JavaScript stack trace, where there is one.
 */
public final class UdfException extends RuntimeException {

    private final String guestStackTrace;

    UdfException(String message, String guestStackTrace, Throwable cause) {
        super(message, cause);
        this.guestStackTrace = guestStackTrace;
    }

    UdfException(String message) {
        this(message, null, null);
    }

    /** The Python or JavaScript stack trace, innermost call last; {@code null} when the error has none. */
    public String guestStackTrace() {
        return guestStackTrace;
    }
}
