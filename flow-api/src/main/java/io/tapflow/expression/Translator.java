package io.tapflow.expression;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites TapFlow expression text into JEXL text, token by token.
 *
 * <p>Field paths and literals become generated variables ({@code f0}, {@code c0}, ...), so a field may be
 * called {@code size}, {@code new} or {@code if} and no string escaping is ever needed. Operators are mapped
 * one to one, except {@code not}, which JEXL binds tighter than comparisons: it becomes {@code !( ... )} closed
 * before the next {@code and}/{@code or} or closing parenthesis at its level, so {@code not a = 1} means
 * {@code not (a = 1)} as in SQL.
 *
 * <p>Before handing anything to JEXL, the token sequence is checked for the alternation of operands and
 * operators and for balanced parentheses. JEXL's own parse errors point sometimes at the offending token and
 * sometimes at the one before it; checking here gives the exact position for everything but the one error
 * left to JEXL, a chained comparison such as {@code a < b < c}.
 */
final class Translator {

    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "is", "null", "true", "false");

    /** Longest first, so that {@code >=} wins over {@code >}. */
    private static final List<String> OPERATORS = List.of(
            ">=", "<=", "<>", "!=", "==", "&&", "||", ">", "<", "=", "!", "+", "-", "*", "/", "%", "(", ")");

    private static final Set<String> ASSIGNMENTS = Set.of("+=", "-=", "*=", "/=", "%=", ":=");

    private static final Set<String> COMPARISONS = Set.of(">=", "<=", "<>", "!=", "==", ">", "<", "=");

    private static final Map<String, String> JEXL_OPERATORS = Map.ofEntries(
            Map.entry("=", "=="), Map.entry("==", "=="), Map.entry("<>", "!="), Map.entry("!=", "!="),
            Map.entry(">", ">"), Map.entry(">=", ">="), Map.entry("<", "<"), Map.entry("<=", "<="),
            Map.entry("and", "&&"), Map.entry("&&", "&&"), Map.entry("or", "||"), Map.entry("||", "||"),
            Map.entry("+", "+"), Map.entry("-", "-"), Map.entry("*", "*"), Map.entry("/", "/"), Map.entry("%", "%"));

    private enum Type { PATH, LITERAL, KEYWORD, OPERATOR }

    /**
     * One lexical token. {@code value} is the path segments, the literal value, the lower-cased keyword or
     * the operator symbol.
     */
    private record Token(Type type, int start, String source, Object value) {

        boolean is(String symbolOrKeyword) {
            return (type == Type.KEYWORD || type == Type.OPERATOR) && value.equals(symbolOrKeyword);
        }
    }

    /** A piece of JEXL text and the original token it came from, to map JEXL errors back. */
    private record Piece(int jexlStart, int jexlEnd, Token origin) {}

    /** The result of a translation: JEXL text, the variables it uses and what they stand for. */
    static final class Translation {

        private final String text;
        private final String jexl;
        private final List<FieldPath> paths;
        private final List<Object> constants;
        private final List<Piece> pieces;

        private Translation(String text, String jexl, List<FieldPath> paths, List<Object> constants, List<Piece> pieces) {
            this.text = text;
            this.jexl = jexl;
            this.paths = List.copyOf(paths);
            this.constants = constants;
            this.pieces = List.copyOf(pieces);
        }

        String jexl() {
            return jexl;
        }

        /** Distinct field paths in order of first appearance; path {@code i} is JEXL variable {@code f<i>}. */
        List<FieldPath> paths() {
            return paths;
        }

        /** Name to slot: paths first, then literals; see {@link #values}. */
        Map<String, Integer> slots() {
            Map<String, Integer> slots = new LinkedHashMap<>();
            for (int i = 0; i < paths.size(); i++) {
                slots.put("f" + i, i);
            }
            for (int i = 0; i < constants.size(); i++) {
                slots.put("c" + i, paths.size() + i);
            }
            return Map.copyOf(slots);
        }

        /** The slot values for one record: the paths read from it, then the literals. */
        Object[] values(Map<String, ?> record) {
            Object[] values = new Object[paths.size() + constants.size()];
            for (int i = 0; i < paths.size(); i++) {
                values[i] = paths.get(i).read(record);
            }
            for (int i = 0; i < constants.size(); i++) {
                values[paths.size() + i] = constants.get(i);
            }
            return values;
        }

        /** Turns a JEXL parse error at a 0-based offset of the JEXL text into one at the original token. */
        ExpressionSyntaxException syntaxErrorAt(int jexlOffset) {
            for (Piece piece : pieces) {
                if (jexlOffset >= piece.jexlStart() && jexlOffset < piece.jexlEnd()) {
                    Token token = piece.origin();
                    String reason = "unexpected '" + token.source() + "'";
                    if (token.type() == Type.OPERATOR && COMPARISONS.contains((String) token.value())) {
                        reason += "; comparisons cannot be chained, join them with 'and'";
                    }
                    return new ExpressionSyntaxException(text, token.start(), reason);
                }
            }
            return new ExpressionSyntaxException(text, text.length(), "unexpected end of expression");
        }
    }

    private final String text;
    private final List<Token> tokens = new ArrayList<>();
    private final Map<List<String>, Integer> pathSlots = new LinkedHashMap<>();
    private final List<Object> constants = new ArrayList<>();
    private final StringBuilder jexl = new StringBuilder();
    private final List<Piece> pieces = new ArrayList<>();

    private Translator(String text) {
        this.text = text;
    }

    /**
     * Translates expression text to JEXL.
     *
     * @throws ExpressionSyntaxException if the text is empty, has a token TapFlow does not know, calls a
     *     method or function, assigns, or does not alternate operands and operators
     */
    static Translation translate(String text) {
        Translator translator = new Translator(text);
        translator.lex();
        translator.check();
        translator.emit();
        List<FieldPath> paths = translator.pathSlots.keySet().stream().map(FieldPath::new).toList();
        return new Translation(text, translator.jexl.toString(), paths, List.copyOf(translator.constants),
                translator.pieces);
    }

    // ---- lexing

    private void lex() {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'' || c == '"') {
                i = lexString(i);
            } else if (c >= '0' && c <= '9') {
                i = lexNumber(i);
            } else if (isIdentifierStart(c) || c == '`') {
                i = lexPath(i);
            } else {
                i = lexOperator(i);
            }
        }
        if (tokens.isEmpty()) {
            throw error(0, "expression is empty");
        }
    }

    /** Single or double quotes; the quote is escaped by doubling it (SQL) or by a backslash. */
    private int lexString(int start) {
        char quote = text.charAt(start);
        StringBuilder value = new StringBuilder();
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char escaped = text.charAt(i + 1);
                value.append(switch (escaped) {
                    case 'n' -> "\n";
                    case 't' -> "\t";
                    case 'r' -> "\r";
                    case '\\', '\'', '"' -> String.valueOf(escaped);
                    default -> "\\" + escaped;
                });
                i += 2;
            } else if (c == quote && i + 1 < text.length() && text.charAt(i + 1) == quote) {
                value.append(quote);
                i += 2;
            } else if (c == quote) {
                addLiteral(start, i + 1, value.toString());
                return i + 1;
            } else {
                value.append(c);
                i++;
            }
        }
        throw error(start, "unterminated string literal; close it with " + quote);
    }

    /** Whole numbers become Long (BigInteger when too large), decimals BigDecimal so they stay exact. */
    private int lexNumber(int start) {
        int i = skipDigits(start);
        if (i + 1 < text.length() && text.charAt(i) == '.' && isDigit(text.charAt(i + 1))) {
            i = skipDigits(i + 1);
        }
        if (i < text.length() && (isIdentifierPart(text.charAt(i)) || text.charAt(i) == '.')) {
            int end = i;
            while (end < text.length() && (isIdentifierPart(text.charAt(end)) || text.charAt(end) == '.')) {
                end++;
            }
            throw error(start, "malformed number '" + text.substring(start, end)
                    + "'; write whole numbers like 42 and decimals like 4.2");
        }
        String digits = text.substring(start, i);
        Object value;
        if (digits.indexOf('.') >= 0) {
            value = new BigDecimal(digits);
        } else {
            BigInteger whole = new BigInteger(digits);
            value = whole.bitLength() < Long.SIZE ? (Object) whole.longValue() : whole;
        }
        addLiteral(start, i, value);
        return i;
    }

    private int lexPath(int start) {
        List<String> segments = new ArrayList<>();
        int i = start;
        int segmentStart;
        while (true) {
            segmentStart = i;
            if (text.charAt(i) == '`') {
                int close = text.indexOf('`', i + 1);
                if (close < 0) {
                    throw error(i, "unterminated quoted field name; close it with `");
                }
                if (close == i + 1) {
                    throw error(i, "empty quoted field name");
                }
                segments.add(text.substring(i + 1, close));
                i = close + 1;
            } else {
                int end = i + 1;
                while (end < text.length() && isIdentifierPart(text.charAt(end))) {
                    end++;
                }
                String name = text.substring(i, end);
                String keyword = name.toLowerCase(Locale.ROOT);
                if (segments.isEmpty() && KEYWORDS.contains(keyword)) {
                    tokens.add(new Token(Type.KEYWORD, start, name, keyword));
                    return end;
                }
                segments.add(name);
                i = end;
            }
            if (i >= text.length() || text.charAt(i) != '.') {
                break;
            }
            i++;
            if (i >= text.length() || !(isIdentifierStart(text.charAt(i)) || text.charAt(i) == '`')) {
                throw error(i, "expected a field name after '.'");
            }
        }
        int next = skipWhitespace(i);
        if (next < text.length() && text.charAt(next) == '(') {
            String callee = segments.getLast();
            throw error(segmentStart, (segments.size() > 1 ? "method" : "function") + " call '" + callee
                    + "(...)' is not allowed in a TapFlow expression; use fields, literals and operators only");
        }
        pathSlots.putIfAbsent(segments, pathSlots.size());
        tokens.add(new Token(Type.PATH, start, text.substring(start, i), segments));
        return i;
    }

    private int lexOperator(int start) {
        String two = text.substring(start, Math.min(start + 2, text.length()));
        if (ASSIGNMENTS.contains(two)) {
            throw error(start, "assignment '" + two + "' is not allowed in a TapFlow expression; expressions only"
                    + " read fields (use '=' to compare)");
        }
        if (two.equals("++") || two.equals("--")) {
            throw error(start, "'" + two + "' is not allowed in a TapFlow expression; expressions only read fields"
                    + " (put a space between the signs to mean " + two.charAt(0) + " " + two.charAt(0) + ")");
        }
        for (String operator : OPERATORS) {
            if (text.startsWith(operator, start)) {
                tokens.add(new Token(Type.OPERATOR, start, operator, operator));
                return start + operator.length();
            }
        }
        throw error(start, "unexpected character '" + text.charAt(start) + "'");
    }

    private void addLiteral(int start, int end, Object value) {
        tokens.add(new Token(Type.LITERAL, start, text.substring(start, end), value));
    }

    // ---- checking

    /** Operands and operators must alternate, parentheses must balance, 'is' must be 'is [not] null'. */
    private void check() {
        boolean expectOperand = true;
        Deque<Token> open = new ArrayDeque<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.is("is")) {
                requireOperator(token, expectOperand);
                int nullAt = i + 1 < tokens.size() && tokens.get(i + 1).is("not") ? i + 2 : i + 1;
                if (nullAt >= tokens.size() || !tokens.get(nullAt).is("null")) {
                    int position = nullAt < tokens.size() ? tokens.get(nullAt).start() : text.length();
                    throw error(position, "expected 'null' or 'not null' after '" + token.source() + "'");
                }
                i = nullAt;
            } else if (isOperand(token)) {
                requireOperand(token, expectOperand);
                expectOperand = false;
            } else if (token.is("not") || token.is("!") || expectOperand && (token.is("-") || token.is("+"))) {
                requireOperand(token, expectOperand);
            } else if (token.is("(")) {
                requireOperand(token, expectOperand);
                open.push(token);
            } else if (token.is(")")) {
                requireOperator(token, expectOperand);
                if (open.isEmpty()) {
                    throw error(token.start(), "unexpected ')'; there is no '(' to close");
                }
                open.pop();
            } else {
                requireOperator(token, expectOperand);
                expectOperand = true;
            }
        }
        if (expectOperand) {
            throw error(text.length(), "unexpected end of expression");
        }
        if (!open.isEmpty()) {
            throw error(open.peek().start(), "unclosed '('");
        }
    }

    private static boolean isOperand(Token token) {
        return token.type() == Type.PATH || token.type() == Type.LITERAL
                || token.is("null") || token.is("true") || token.is("false");
    }

    private void requireOperand(Token token, boolean expectOperand) {
        if (!expectOperand) {
            throw unexpected(token);
        }
    }

    private void requireOperator(Token token, boolean expectOperand) {
        if (expectOperand) {
            throw unexpected(token);
        }
    }

    private ExpressionSyntaxException unexpected(Token token) {
        return error(token.start(), "unexpected '" + token.source() + "'");
    }

    // ---- emitting

    private void emit() {
        Deque<Integer> notDepths = new ArrayDeque<>();
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.type() == Type.PATH) {
                append("f" + pathSlots.get(token.value()), token);
            } else if (token.type() == Type.LITERAL) {
                append("c" + constants.size(), token);
                constants.add(token.value());
            } else if (token.is("null") || token.is("true") || token.is("false")) {
                append((String) token.value(), token);
            } else if (token.is("is")) {
                boolean negated = tokens.get(i + 1).is("not");
                append(negated ? "!=" : "==", token);
                append("null", token);
                i += negated ? 2 : 1;
            } else if (token.is("not") || token.is("!")) {
                append("!", token);
                append("(", token);
                notDepths.push(depth);
            } else if (token.is("(")) {
                append("(", token);
                depth++;
            } else if (token.is(")")) {
                closeNots(notDepths, depth, token);
                append(")", token);
                depth--;
            } else {
                if (token.is("and") || token.is("or") || token.is("&&") || token.is("||")) {
                    closeNots(notDepths, depth, token);
                }
                append(JEXL_OPERATORS.get((String) token.value()), token);
            }
        }
        closeNots(notDepths, 0, tokens.getLast());
    }

    private void closeNots(Deque<Integer> notDepths, int depth, Token at) {
        while (!notDepths.isEmpty() && notDepths.peek() == depth) {
            notDepths.pop();
            append(")", at);
        }
    }

    private void append(String jexlToken, Token origin) {
        if (!jexl.isEmpty()) {
            jexl.append(' ');
        }
        pieces.add(new Piece(jexl.length(), jexl.length() + jexlToken.length(), origin));
        jexl.append(jexlToken);
    }

    // ---- characters

    private int skipDigits(int i) {
        while (i < text.length() && isDigit(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private int skipWhitespace(int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || isDigit(c);
    }

    private ExpressionSyntaxException error(int position, String reason) {
        return new ExpressionSyntaxException(text, position, reason);
    }
}
