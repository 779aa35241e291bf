package io.tapflow.topology.stage;

import io.tapflow.expression.ExpressionEvaluationException;
import io.tapflow.expression.FieldExpression;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code addFields(...)}: appends computed fields; every expression sees the row as it came in. */
final class AddFields implements RowStage {

    private final String name;
    private final String[] fields;
    private final FieldExpression[] expressions;

    AddFields(String name, Map<String, String> fields) {
        this.name = name;
        this.fields = fields.keySet().toArray(String[]::new);
        this.expressions = fields.values().stream().map(FieldExpression::parse).toArray(FieldExpression[]::new);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean apply(Map<String, Object> row) {
        if (fields.length == 1) {
            row.put(fields[0], evaluate(0, row));
            return true;
        }
        Map<String, Object> added = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i++) {
            added.put(fields[i], evaluate(i, row));
        }
        row.putAll(added);
        return true;
    }

    private Object evaluate(int i, Map<String, Object> row) {
        try {
            return expressions[i].evaluate(row);
        } catch (ExpressionEvaluationException e) {
            throw new StageFailure("cannot compute field '" + fields[i] + "': " + e.getMessage(), e);
        }
    }
}
