package io.tapflow.runtime.capture;

/**
 * A table could not be captured: Connect refused the connector config, the connector or its task failed,
 * it did not run in time, or the signal topic could not be written. The message names the data source,
 * the table and the cause.
 */
public final class ChangeCaptureException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ChangeCaptureException(String message) {
        super(message);
    }

    ChangeCaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
