package io.tapflow.expression;

/**
 * What went wrong while computing a value, before the expression text is known; {@link FieldExpression}
 * turns it into an {@link ExpressionEvaluationException}. It passes through JEXL, which wraps it, so it is
 * found again by walking the cause chain.
 */
final class EvaluationFailure extends RuntimeException {

    EvaluationFailure(String message) {
        super(message, null, false, false);
    }
}
