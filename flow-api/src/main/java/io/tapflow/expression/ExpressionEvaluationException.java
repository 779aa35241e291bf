package io.tapflow.expression;

/**
 * Thrown by {@link FieldExpression#evaluate(java.util.Map)} and {@link FieldExpression#test(java.util.Map)}
 * when an expression cannot be computed for a record, for example because it compares values of types that
 * cannot be compared or divides by zero.
 *
 * <p>The message says what failed, with the values and their Java types, and ends with the expression text:
 * {@code cannot compare 'abc' (String) with 5 (Long) in: price > 5}.
 */
public final class ExpressionEvaluationException extends RuntimeException {

    ExpressionEvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
