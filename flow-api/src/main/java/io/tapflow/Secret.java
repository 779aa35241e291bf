package io.tapflow;

import java.util.Objects;

/**
 * A password or other credential. It never prints: {@link #toString()} is {@code ******}, so a
 * secret cannot leak through logs, {@code desc} or exception messages by accident.
 */
public final class Secret {

    private static final String MASK = "******";
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "secret");
    }

    /** Wraps a secret value. */
    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The secret itself; call only where it is handed to the system that needs it. */
    public String reveal() {
        return value;
    }

    /** Always {@code ******}. */
    @Override
    public String toString() {
        return MASK;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** The mask printed in place of every secret. */
    static String mask() {
        return MASK;
    }
}
