package io.tapflow.topology.event;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.data.Schema;

/**
 * A {@code null} that remembers its column's type, for rows kept in a lookup's state and embedded into other
 * rows: when the row is written, the field gets its column's schema instead of an untyped {@code null}, so the
 * output's schema does not change with its nulls (a schema registry refuses a field that changes type). Written
 * as {@code null}; a stage never sees one (they are turned back into {@code null} before stages run).
 */
public final class TypedNull {

    private static final Map<String, TypedNull> BY_CODE = new ConcurrentHashMap<>();

    private final String code;
    private final Schema schema;

    private TypedNull(String code, Schema schema) {
        this.code = code;
        this.schema = schema;
    }

    /**
     * The typed null for an output field schema (as {@link ChangeEvent#columnTypes()} gives), or {@code null} for
     * a schema with no code (then the field stays an untyped {@code null}).
     */
    public static TypedNull of(Schema schema) {
        String code = RowSchemas.typeCode(schema);
        return code == null ? null : forCode(code);
    }

    /**
     * The typed null for a code written by {@link #code()}.
     *
     * @throws IllegalArgumentException for an unknown code
     */
    public static TypedNull forCode(String code) {
        return BY_CODE.computeIfAbsent(code, c -> new TypedNull(c, RowSchemas.fromTypeCode(c)));
    }

    /** A short, stable name of the type, such as {@code int64} or {@code decimal:2}, for storing. */
    public String code() {
        return code;
    }

    /** The schema a field holding this null is written with. */
    Schema schema() {
        return schema;
    }

    /** Whether the value is {@code null} or a typed null. */
    public static boolean isNull(Object value) {
        return value == null || value instanceof TypedNull;
    }

    @Override
    public String toString() {
        return "null(" + code + ")";
    }
}
