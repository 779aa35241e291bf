package io.tapflow.connect.rest;

import java.net.URI;
import java.util.Map;

/**
 * A Kafka Connect REST call failed. The message names the worker, the call, the HTTP status, Connect's own
 * message and a hint; credentials from the config that was sent are masked in all of them.
 */
public final class ConnectRestException extends RuntimeException {

    private final URI baseUrl;
    private final String call;
    private final int httpStatus;
    private final String connectMessage;
    private final String hint;

    ConnectRestException(URI baseUrl, String call, int httpStatus, String connectMessage, String hint,
            Map<String, String> sentConfig, Throwable cause) {
        super(message(baseUrl, call, httpStatus, Secrets.scrub(connectMessage, sentConfig), hint), cause);
        this.baseUrl = baseUrl;
        this.call = call;
        this.httpStatus = httpStatus;
        this.connectMessage = Secrets.scrub(connectMessage, sentConfig);
        this.hint = hint;
    }

    private static String message(URI baseUrl, String call, int httpStatus, String connectMessage, String hint) {
        String answer = httpStatus == 0 ? "no HTTP answer" : "HTTP " + httpStatus;
        return "Kafka Connect at " + baseUrl + ": " + call + " failed (" + answer + "): " + connectMessage
                + ". Hint: " + hint + ".";
    }

    /** The Connect REST address called. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The call, as {@code METHOD /path?query}, for example {@code PUT /connectors/orders/config}. */
    public String call() {
        return call;
    }

    /** The HTTP status Connect answered with, or 0 when no answer came (refused, timed out, interrupted). */
    public int httpStatus() {
        return httpStatus;
    }

    /** Connect's own error message (or what went wrong before it could answer), credentials masked. */
    public String connectMessage() {
        return connectMessage;
    }

    /** What to check or do next. */
    public String hint() {
        return hint;
    }
}
