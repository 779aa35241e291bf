package io.tapflow.topology.stage;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code renameFields(...)}: renames all at once, each field keeping its place in the row. */
final class RenameFields implements RowStage {

    private final String name;
    private final Map<String, String> renames;

    RenameFields(String name, Map<String, String> renames) {
        this.name = name;
        this.renames = Map.copyOf(renames);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean apply(Map<String, Object> row) {
        boolean any = false;
        for (Map.Entry<String, String> rename : renames.entrySet()) {
            if (row.containsKey(rename.getKey())) {
                any = true;
                String to = rename.getValue();
                // Overwriting would silently lose one of the two values.
                if (row.containsKey(to) && !renames.containsKey(to)) {
                    throw new StageFailure("cannot rename '" + rename.getKey() + "' to '" + to
                            + "': the row already has a field '" + to + "'");
                }
            }
        }
        if (!any) {
            return true;
        }
        Map<String, Object> renamed = new LinkedHashMap<>(row.size() * 2);
        for (Map.Entry<String, Object> field : row.entrySet()) {
            renamed.put(renames.getOrDefault(field.getKey(), field.getKey()), field.getValue());
        }
        row.clear();
        row.putAll(renamed);
        return true;
    }
}
