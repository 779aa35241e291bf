package io.tapflow.expression;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlExpression;

/**
 * A compiled TapFlow expression over the fields of a record, as used by {@code filter} and {@code addFields}:
 * {@code order_status != 'canceled' and customer_id is not null}.
 *
 * <h2>Syntax</h2>
 * <ul>
 *   <li>Comparisons {@code > >= < <= = !=}; {@code ==} and {@code <>} are accepted too. Comparisons cannot be
 *       chained: write {@code a < b and b < c}.</li>
 *   <li>{@code and}, {@code or}, {@code not} (any case; also {@code && || !}) and parentheses. As in SQL,
 *       {@code not} binds looser than comparisons: {@code not a = 1} is {@code not (a = 1)}.</li>
 *   <li>{@code x is null}, {@code x is not null}.</li>
 *   <li>Arithmetic {@code + - * / %}, unary minus; {@code +} also joins two strings.</li>
 *   <li>Literals: strings in single or double quotes (a quote is escaped by doubling it or with a
 *       backslash), whole numbers ({@code 42}, read as Long), decimals ({@code 4.2}, read as BigDecimal),
 *       {@code true}, {@code false}, {@code null}.</li>
 *   <li>Fields: {@code [A-Za-z_][A-Za-z0-9_]*}, or any name in backquotes ({@code `order id`},
 *       {@code `not`}). A dotted path {@code address.city} reads key {@code city} of the map in field
 *       {@code address}. Any name is fine, including JEXL or Java words such as {@code size} or {@code new}.</li>
 * </ul>
 * Method and function calls, assignments, and anything else that is not listed above are refused by
 * {@link #parse(String)}.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>An absent field is null, and so is a path through an absent or null map.</li>
 *   <li>{@code > >= < <=} with a null operand are false. {@code =} and {@code !=} treat null as a value:
 *       {@code x = null} holds when x is null or absent.</li>
 *   <li>{@code and}, {@code or}, {@code not} treat null as false; any other non-boolean is an error.</li>
 *   <li>Numbers of any Java type compare by value, exactly ({@code 0.1} equals a BigDecimal field holding
 *       0.1; a double compares by its shortest decimal form). A string that spells a number compares with a
 *       number as that number.</li>
 *   <li>LocalDate, LocalDateTime, Instant, OffsetDateTime and ZonedDateTime compare with each other on one
 *       time line: values without an offset are read as UTC, a date as the start of its day. LocalTime
 *       compares with LocalTime. A temporal compared with a string reads the string as ISO-8601
 *       ({@code '2018-01-01'}, {@code '2018-01-01T10:00:00'}, {@code '2018-01-01 10:00:00'}, with or without
 *       an offset), so {@code order_purchase_timestamp > '2018-01-01'} works.</li>
 *   <li>Strings compare lexicographically (by UTF-16 code unit); booleans with booleans, false first. Any
 *       other mix of types is an {@link ExpressionEvaluationException}.</li>
 *   <li>Arithmetic: a BigDecimal operand gives a BigDecimal result, else a double or float gives a double,
 *       else the result is a Long, widened to BigInteger rather than overflowing. {@code /} is true
 *       division ({@code 7 / 2} is 3.5 as BigDecimal; {@code 6 / 2} is 3 as Long); quotients that do not
 *       terminate are rounded to 34 significant digits. A null operand gives null. Division or remainder
 *       by zero is an error.</li>
 * </ul>
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class FieldExpression {

    private final String text;
    private final Set<String> fields;
    private final Translator.Translation translation;
    private final Map<String, Integer> slots;
    private final JexlExpression compiled;

    private FieldExpression(String text, Translator.Translation translation, JexlExpression compiled) {
        this.text = text;
        this.translation = translation;
        this.compiled = compiled;
        this.slots = translation.slots();
        Set<String> names = new LinkedHashSet<>();
        translation.paths().forEach(path -> names.add(path.field()));
        this.fields = Collections.unmodifiableSet(names);
    }

    /**
     * Parses and compiles an expression. Compile once and reuse the result for every record.
     *
     * @param text the expression, e.g. {@code order_status != 'canceled' and customer_id is not null}
     * @return the compiled expression, immutable and thread-safe
     * @throws ExpressionSyntaxException if the text is empty or blank, malformed, or uses something a TapFlow
     *     expression does not allow (method or function calls, assignment); its {@code position()} is the
     *     offset of the problem in {@code text}
     * @throws NullPointerException if {@code text} is null
     */
    public static FieldExpression parse(String text) {
        Objects.requireNonNull(text, "expression text");
        Translator.Translation translation = Translator.translate(text);
        try {
            return new FieldExpression(text, translation, SandboxedJexl.compile(translation.jexl()));
        } catch (JexlException.Parsing e) {
            throw translation.syntaxErrorAt(e.getInfo().getColumn() - 1);
        }
    }

    /**
     * Returns the text this expression was parsed from.
     *
     * @return the original text, unchanged
     */
    public String text() {
        return text;
    }

    /**
     * Returns the top-level fields the expression reads; for {@code address.city = 'SP'} that is
     * {@code address}. Useful to check an expression against a table's columns before running a flow.
     *
     * @return an unmodifiable set in order of first appearance in the text
     */
    public Set<String> fields() {
        return fields;
    }

    /**
     * Evaluates the expression against one record. Keeps no state between calls.
     *
     * @param record field name to value; nested records are maps
     * @return the result: a Boolean for conditions, a number, string or temporal for computed fields, or null
     * @throws ExpressionEvaluationException if the values cannot be combined, e.g. comparing a string with a
     *     number, or dividing by zero
     * @see #test(Map)
     */
    public Object evaluate(Map<String, ?> record) {
        Objects.requireNonNull(record, "record");
        try {
            return compiled.evaluate(new RecordContext(slots, translation.values(record)));
        } catch (EvaluationFailure e) {
            throw new ExpressionEvaluationException(e.getMessage() + " in: " + text, e);
        } catch (JexlException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof EvaluationFailure failure) {
                    throw new ExpressionEvaluationException(failure.getMessage() + " in: " + text, e);
                }
            }
            throw new ExpressionEvaluationException("cannot evaluate: " + e.getMessage() + " in: " + text, e);
        }
    }

    /**
     * Evaluates the expression as a condition, as {@code filter} does. Null counts as false, as in a SQL
     * {@code WHERE} clause.
     *
     * @param record field name to value; nested records are maps
     * @return true only if the expression evaluates to {@link Boolean#TRUE}
     * @throws ExpressionEvaluationException if evaluation fails (see {@link #evaluate(Map)}) or the result is
     *     neither a Boolean nor null, e.g. {@code price + 1}
     */
    public boolean test(Map<String, ?> record) {
        Object result = evaluate(record);
        if (result == null || result instanceof Boolean) {
            return Boolean.TRUE.equals(result);
        }
        throw new ExpressionEvaluationException("a condition must be true, false or null but this one produced "
                + Values.describe(result) + " in: " + text, null);
    }

    /**
     * Returns the original text, so a flow stage can show the condition it runs.
     *
     * @return the same as {@link #text()}
     */
    @Override
    public String toString() {
        return text;
    }
}
