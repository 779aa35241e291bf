package io.tapflow.topology.stage;

import java.util.List;
import java.util.Map;

/** {@code exclude(...)}: removes fields. */
final class ExcludeFields implements RowStage {

    private final String name;
    private final List<String> fields;

    ExcludeFields(String name, List<String> fields) {
        this.name = name;
        this.fields = List.copyOf(fields);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean apply(Map<String, Object> row) {
        for (String field : fields) {
            row.remove(field);
        }
        return true;
    }
}
