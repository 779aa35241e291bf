/**
 * Expressions over record fields, as written in {@code filter} and {@code addFields}: parse once with
 * {@link io.tapflow.expression.FieldExpression#parse(String)}, then evaluate per record. The syntax and the
 * comparison rules are documented on {@link io.tapflow.expression.FieldExpression}.
 */
package io.tapflow.expression;
