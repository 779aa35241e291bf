package io.tapflow.topology;

import io.tapflow.spec.AddFieldsStage;
import io.tapflow.spec.RenameStage;
import io.tapflow.spec.StageSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which source column each output field comes from, worked out once from the flow's stages:
 * renames change names, and added fields come from no column. The write stage uses it to give a
 * {@code null} output field the type of its column.
 */
final class SourceColumns {

    /** Marks "no column"; Map.copyOf refuses null values. */
    private static final String NONE = "\u0000";

    /** Output name to source column; a name mapped to {@code null} comes from no column. */
    private final Map<String, String> columnOf;

    private SourceColumns(Map<String, String> columnOf) {
        this.columnOf = Map.copyOf(columnOf);
    }

    static SourceColumns of(List<StageSpec> stages) {
        Map<String, String> columnOf = new HashMap<>();
        for (StageSpec stage : stages) {
            switch (stage) {
                case RenameStage rename -> {
                    Map<String, String> renamed = new HashMap<>();
                    rename.fields().forEach((from, to) -> renamed.put(to, column(columnOf, from)));
                    rename.fields().keySet().forEach(from -> columnOf.put(from, NONE));
                    columnOf.putAll(renamed);
                }
                case AddFieldsStage add -> add.fields().keySet().forEach(field -> columnOf.put(field, NONE));
                default -> {
                }
            }
        }
        return new SourceColumns(columnOf);
    }

    /** The source column an output field holds, or {@code null} if it holds a computed value. */
    String columnOf(String field) {
        String column = columnOf.getOrDefault(field, field);
        return NONE.equals(column) ? null : column;
    }

    private static String column(Map<String, String> columnOf, String field) {
        return columnOf.getOrDefault(field, field);
    }
}
