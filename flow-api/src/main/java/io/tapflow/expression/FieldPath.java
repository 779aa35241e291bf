package io.tapflow.expression;

import java.util.List;
import java.util.Map;

/** A field reference such as {@code customer_id} or {@code address.city}: a top-level field, then map keys. */
record FieldPath(List<String> segments) {

    FieldPath {
        segments = List.copyOf(segments);
    }

    /** The top-level field this path starts from. */
    String field() {
        return segments.getFirst();
    }

    /**
     * Reads the value from a record. An absent field, or an absent or null map on the way, reads as null, so
     * {@code address.city is null} holds for a record without an address.
     */
    Object read(Map<String, ?> record) {
        Object value = record.get(segments.getFirst());
        for (int i = 1; i < segments.size(); i++) {
            if (value == null) {
                return null;
            }
            if (!(value instanceof Map<?, ?> nested)) {
                throw new EvaluationFailure("cannot read '" + segments.get(i) + "' of field '"
                        + String.join(".", segments.subList(0, i)) + "': it is " + Values.describe(value)
                        + ", not a nested record (map)");
            }
            value = nested.get(segments.get(i));
        }
        return value;
    }
}
