package io.tapflow;

import java.util.Objects;
import java.util.Optional;

/**
 * A password or other credential. It never prints: {@link #toString()} is {@code ******}, so a
 * secret cannot leak through logs, {@code desc} or exception messages by accident.
 *
 * <p>A secret is either a value ({@link #of(String)}), which TapFlow keeps out of its catalog and
 * writes only to the secret store of the stack it runs on, or a reference to an environment variable
 * ({@link #env(String)}), whose value TapFlow never stores at all: each process that needs it reads
 * the variable itself.
 */
public final class Secret {

    private static final String MASK = "******";
    private final String value;
    private final String environmentVariable;

    private Secret(String value, String environmentVariable) {
        this.value = value;
        this.environmentVariable = environmentVariable;
    }

    /** Wraps a secret value. */
    public static Secret of(String value) {
        return new Secret(Objects.requireNonNull(value, "secret"), null);
    }

    /**
     * A secret read from an environment variable whenever it is needed, for example
     * {@code Secret.env("MYSQL_PW")}. Only the variable's name is ever stored.
     */
    public static Secret env(String variable) {
        if (variable == null || !variable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("'" + variable + "' is not an environment variable name."
                    + " Fix: use letters, digits and '_', for example Secret.env(\"MYSQL_PW\").");
        }
        return new Secret(null, variable);
    }

    /**
     * The secret itself; call only where it is handed to the system that needs it.
     *
     * @throws IllegalStateException if it names an environment variable that is not set
     */
    public String reveal() {
        if (environmentVariable == null) {
            return value;
        }
        String fromEnvironment = System.getenv(environmentVariable);
        if (fromEnvironment == null) {
            throw new IllegalStateException("environment variable " + environmentVariable
                    + " is not set. Fix: export " + environmentVariable + "=... before starting TapFlow.");
        }
        return fromEnvironment;
    }

    /** The environment variable this secret is read from, if it is one. */
    public Optional<String> environmentVariable() {
        return Optional.ofNullable(environmentVariable);
    }

    /** Always {@code ******}. */
    @Override
    public String toString() {
        return MASK;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret that && Objects.equals(value, that.value)
                && Objects.equals(environmentVariable, that.environmentVariable);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, environmentVariable);
    }

    /** The mask printed in place of every secret. */
    static String mask() {
        return MASK;
    }
}
