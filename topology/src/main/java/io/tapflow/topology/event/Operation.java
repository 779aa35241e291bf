package io.tapflow.topology.event;

/**
 * The kind of row change a Debezium change event describes, with the one-letter code Debezium writes into
 * the envelope's {@code op} field.
 *
 * <p>Debezium's other codes ({@code t} truncate, {@code m} message) are not row changes and have no
 * constant here; {@link WireFormat#decode} rejects them.
 */
public enum Operation {
    /** A row read by the initial (or an incremental) snapshot: {@code r}. */
    SNAPSHOT("r"),
    /** A row inserted: {@code c}. */
    INSERT("c"),
    /** A row updated in place (same primary key): {@code u}. */
    UPDATE("u"),
    /** A row deleted: {@code d}. */
    DELETE("d");

    private final String code;

    Operation(String code) {
        this.code = code;
    }

    /** The code Debezium writes for this operation: {@code r}, {@code c}, {@code u} or {@code d}. */
    public String code() {
        return code;
    }

    /**
     * The operation for a Debezium {@code op} code.
     *
     * @throws IllegalArgumentException if {@code code} is not one of {@code r c u d}
     */
    public static Operation ofCode(String code) {
        for (Operation op : values()) {
            if (op.code.equals(code)) {
                return op;
            }
        }
        throw new IllegalArgumentException("Unknown Debezium operation code '" + code + "': expected one of r, c, u, d");
    }
}
