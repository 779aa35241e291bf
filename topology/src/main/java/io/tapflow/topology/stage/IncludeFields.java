package io.tapflow.topology.stage;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code include(...)}: keeps only the listed fields, in the row's order. */
final class IncludeFields implements RowStage {

    private final String name;
    private final Set<String> fields;

    IncludeFields(String name, List<String> fields) {
        this.name = name;
        this.fields = Set.copyOf(fields);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean apply(Map<String, Object> row) {
        row.keySet().retainAll(fields);
        return true;
    }
}
