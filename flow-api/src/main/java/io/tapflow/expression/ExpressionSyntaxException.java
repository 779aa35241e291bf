package io.tapflow.expression;

/**
 * Thrown by {@link FieldExpression#parse(String)} when the text is not a valid TapFlow expression.
 *
 * <p>The message names what is wrong and where, and repeats the text with a caret under the offending
 * character, for example:
 *
 * <pre>
 * unexpected 'and' at column 7 in: a and and b
 * a and and b
 *       ^
 * </pre>
 */
public final class ExpressionSyntaxException extends IllegalArgumentException {

    private final int position;
    private final String reason;

    ExpressionSyntaxException(String text, int position, String reason) {
        super(reason + " at column " + (position + 1) + " in: " + text + "\n" + text + "\n" + caretLine(text, position));
        this.position = position;
        this.reason = reason;
    }

    /**
     * Returns where the problem is.
     *
     * @return the 0-based character offset in the original expression text; equal to the text length when
     *     the expression ended too early
     */
    public int position() {
        return position;
    }

    /**
     * Returns what is wrong, without the position or the text, e.g. {@code unexpected ')'} or
     * {@code unterminated string literal}.
     *
     * @return the reason the text was refused
     */
    public String reason() {
        return reason;
    }

    // Tabs are copied so the caret lines up under the same character in a terminal or a log viewer.
    private static String caretLine(String text, int position) {
        StringBuilder line = new StringBuilder(position + 1);
        for (int i = 0; i < position; i++) {
            line.append(i < text.length() && text.charAt(i) == '\t' ? '\t' : ' ');
        }
        return line.append('^').toString();
    }
}
