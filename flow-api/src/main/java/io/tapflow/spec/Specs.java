package io.tapflow.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Defensive copies for spec records; nulls are kept so that validation can report them. */
final class Specs {

    private Specs() {
    }

    static List<String> copy(List<String> values) {
        return values == null ? List.of() : Collections.unmodifiableList(new java.util.ArrayList<>(values));
    }

    static Map<String, String> sortedCopy(Map<String, String> values) {
        if (values == null) {
            return Map.of();
        }
        // TreeMap refuses null keys; keep them visible to validation in insertion order instead.
        if (values.keySet().stream().anyMatch(java.util.Objects::isNull)) {
            return orderedCopy(values);
        }
        return Collections.unmodifiableMap(new TreeMap<>(values));
    }

    static Map<String, String> orderedCopy(Map<String, String> values) {
        return values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
