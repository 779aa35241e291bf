package io.tapflow.testing;

import java.util.Map;

/**
 * A record a flow refused, as it reached the dead-letter topic.
 *
 * @param stage the name of the stage that refused it, e.g. {@code filter#1}
 * @param error why, in words
 * @param headers every dead-letter header (see {@code DeadLetterHeaders})
 * @param key the source record's key bytes, unchanged
 * @param value the source record's value bytes, unchanged
 */
public record DeadLetter(String stage, String error, Map<String, String> headers, byte[] key, byte[] value) {

    @Override
    public String toString() {
        return "dead letter from " + stage + ": " + error;
    }
}
