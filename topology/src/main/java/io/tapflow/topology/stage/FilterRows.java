package io.tapflow.topology.stage;

import io.tapflow.expression.ExpressionEvaluationException;
import io.tapflow.expression.FieldExpression;
import java.util.Map;

/** {@code filter(...)}: keeps the rows for which the condition is true. */
final class FilterRows implements RowStage {

    private final String name;
    private final FieldExpression condition;

    FilterRows(String name, String condition) {
        this.name = name;
        this.condition = FieldExpression.parse(condition);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean apply(Map<String, Object> row) {
        try {
            return condition.test(row);
        } catch (ExpressionEvaluationException e) {
            throw new StageFailure(e.getMessage(), e);
        }
    }
}
