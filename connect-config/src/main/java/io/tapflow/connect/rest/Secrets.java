package io.tapflow.connect.rest;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Keeps credentials in connector configs out of messages and {@code toString()}. */
final class Secrets {

    /** Printed in place of a secret; the same mask as {@link io.tapflow.Secret}. */
    static final String MASK = "******";

    /** The password part of {@code scheme://user:password@host}, as in a MongoDB connection URI. */
    private static final Pattern URI_PASSWORD = Pattern.compile("(://[^/:@\\s]*:)[^@\\s/]*@");

    private Secrets() {
    }

    /** Whether a config key holds a credential: its name contains {@code password}, in any case. */
    static boolean isSecretKey(String key) {
        return key != null && key.toLowerCase(Locale.ROOT).contains("password");
    }

    /** A copy of {@code config} safe to print: secret values masked, passwords in URIs masked. */
    static Map<String, String> masked(Map<String, String> config) {
        Map<String, String> safe = new LinkedHashMap<>();
        config.forEach((key, value) -> safe.put(key, isSecretKey(key) && value != null ? MASK : scrubUris(value)));
        return safe;
    }

    /**
     * {@code text} with every secret value of {@code config} masked, and passwords in URIs masked: for
     * Connect's messages, which may quote the values they refuse.
     */
    static String scrub(String text, Map<String, String> config) {
        if (text == null) {
            return null;
        }
        String safe = text;
        if (config != null) {
            for (Map.Entry<String, String> entry : config.entrySet()) {
                if (isSecretKey(entry.getKey()) && entry.getValue() != null && !entry.getValue().isEmpty()) {
                    safe = safe.replace(entry.getValue(), MASK);
                }
            }
        }
        return scrubUris(safe);
    }

    private static String scrubUris(String text) {
        return text == null ? null : URI_PASSWORD.matcher(text).replaceAll("$1" + MASK + "@");
    }
}
