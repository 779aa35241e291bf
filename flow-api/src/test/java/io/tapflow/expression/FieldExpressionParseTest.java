package io.tapflow.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FieldExpressionParseTest {

    private static final String NOT_ALLOWED = " is not allowed in a TapFlow expression";
    private static final String CALL_FIX = NOT_ALLOWED + "; use fields, literals and operators only";

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("a >", 3, "unexpected end of expression"),
                Arguments.of("(a = 1", 0, "unclosed '('"),
                Arguments.of("(a = (b)", 0, "unclosed '('"),
                Arguments.of("a = 1)", 5, "unexpected ')'; there is no '(' to close"),
                Arguments.of("a = 'x", 4, "unterminated string literal; close it with '"),
                Arguments.of("a = \"x", 4, "unterminated string literal; close it with \""),
                Arguments.of("a ==== 1", 4, "unexpected '=='"),
                Arguments.of("a and and b", 6, "unexpected 'and'"),
                Arguments.of("a AND OR b", 6, "unexpected 'OR'"),
                Arguments.of("", 0, "expression is empty"),
                Arguments.of("   \t ", 0, "expression is empty"),
                Arguments.of("a.b(", 2, "method call 'b(...)'" + CALL_FIX),
                Arguments.of("x = 1 and", 9, "unexpected end of expression"),
                Arguments.of("name.toUpperCase() = 'A'", 5, "method call 'toUpperCase(...)'" + CALL_FIX),
                Arguments.of("size(tags) > 1", 0, "function call 'size(...)'" + CALL_FIX),
                Arguments.of("new('java.io.File','/')", 0, "function call 'new(...)'" + CALL_FIX),
                Arguments.of("x += 1", 2, "assignment '+='" + NOT_ALLOWED + "; expressions only read fields (use '=' to compare)"),
                Arguments.of("x := 1", 2, "assignment ':='" + NOT_ALLOWED + "; expressions only read fields (use '=' to compare)"),
                Arguments.of("x++ > 1", 1, "'++'" + NOT_ALLOWED + "; expressions only read fields (put a space between the signs to mean + +)"),
                Arguments.of("a < b < c", 6, "unexpected '<'; comparisons cannot be chained, join them with 'and'"),
                Arguments.of("a = b = c", 6, "unexpected '='; comparisons cannot be chained, join them with 'and'"),
                Arguments.of("a b", 2, "unexpected 'b'"),
                Arguments.of("a = 1 2", 6, "unexpected '2'"),
                Arguments.of("()", 1, "unexpected ')'"),
                Arguments.of("a > )", 4, "unexpected ')'"),
                Arguments.of("not", 3, "unexpected end of expression"),
                Arguments.of("a is 5", 5, "expected 'null' or 'not null' after 'is'"),
                Arguments.of("a is not", 8, "expected 'null' or 'not null' after 'is'"),
                Arguments.of("a = is null", 4, "unexpected 'is'"),
                Arguments.of("1e5 > a", 0, "malformed number '1e5'; write whole numbers like 42 and decimals like 4.2"),
                Arguments.of("a > 1.", 4, "malformed number '1.'; write whole numbers like 42 and decimals like 4.2"),
                Arguments.of("a. = 1", 2, "expected a field name after '.'"),
                Arguments.of("`a = 1", 0, "unterminated quoted field name; close it with `"),
                Arguments.of("`` = 1", 0, "empty quoted field name"),
                Arguments.of("a = 1; b = 2", 5, "unexpected character ';'"),
                Arguments.of("a & b", 2, "unexpected character '&'"),
                Arguments.of("a ? 1 : 2", 2, "unexpected character '?'"),
                Arguments.of("tags[0] = 1", 4, "unexpected character '['"),
                Arguments.of("a === 1", 4, "unexpected '='"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformed")
    void malformedTextIsRefusedWithReasonAndPosition(String text, int position, String reason) {
        ExpressionSyntaxException e = catchThrowableOfType(ExpressionSyntaxException.class,
                () -> FieldExpression.parse(text));

        assertThat(e).as("parse(%s) should fail", text).isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.position()).isEqualTo(position);
    }

    @Test
    void messageShowsReasonColumnTextAndCaret() {
        ExpressionSyntaxException e = catchThrowableOfType(ExpressionSyntaxException.class,
                () -> FieldExpression.parse("a and and b"));

        assertThat(e.getMessage()).isEqualTo("""
                unexpected 'and' at column 7 in: a and and b
                a and and b
                      ^""");
    }

    @Test
    void caretKeepsTabsSoItLinesUp() {
        ExpressionSyntaxException e = catchThrowableOfType(ExpressionSyntaxException.class,
                () -> FieldExpression.parse("\ta >"));

        assertThat(e.getMessage()).endsWith("\n\ta >\n\t   ^");
    }

    @Test
    void errorAtEndPointsJustPastTheText() {
        ExpressionSyntaxException e = catchThrowableOfType(ExpressionSyntaxException.class,
                () -> FieldExpression.parse("x = 1 and"));

        assertThat(e.getMessage()).isEqualTo("unexpected end of expression at column 10 in: x = 1 and\n"
                + "x = 1 and\n"
                + "         ^");
    }

    @Test
    void syntaxExceptionIsAnIllegalArgumentException() {
        assertThatThrownBy(() -> FieldExpression.parse("a >")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullTextIsRefused() {
        assertThatThrownBy(() -> FieldExpression.parse(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("expression text");
    }

    @Test
    void textAndToStringReturnTheOriginalText() {
        String text = "order_status  != 'canceled'   AND customer_id IS NOT NULL";
        FieldExpression expression = FieldExpression.parse(text);

        assertThat(expression.text()).isEqualTo(text);
        assertThat(expression).hasToString(text);
    }

    @Test
    void fieldsAreTopLevelNamesInOrderOfFirstAppearance() {
        FieldExpression expression = FieldExpression.parse(
                "(zeta > 1 or address.city = 'SP') and alpha is null and zeta < 9 and address.zip != '0' and `my field` = 2");

        assertThat(expression.fields()).containsExactly("zeta", "address", "alpha", "my field");
    }

    @Test
    void fieldsExcludeKeywordsAndLiterals() {
        FieldExpression expression = FieldExpression.parse("NOT flag AND x IS NOT NULL OR 'y' = TRUE OR z = null");

        assertThat(expression.fields()).containsExactly("flag", "x", "z");
    }

    @Test
    void fieldsCannotBeModified() {
        FieldExpression expression = FieldExpression.parse("a = 1");

        assertThatThrownBy(() -> expression.fields().add("b")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void jexlReservedWordsAreOrdinaryFieldNames() {
        FieldExpression expression = FieldExpression.parse(
                "size > 1 and empty = false and new = 'y' and var = 2 and if = 3 and return = 4"
                        + " and function = 5 and while = 6 and eq = 7 and div = 8 and this = 9");
        Map<String, Object> record = Map.ofEntries(Map.entry("size", 2), Map.entry("empty", false),
                Map.entry("new", "y"), Map.entry("var", 2), Map.entry("if", 3), Map.entry("return", 4),
                Map.entry("function", 5), Map.entry("while", 6), Map.entry("eq", 7), Map.entry("div", 8),
                Map.entry("this", 9));

        assertThat(expression.fields()).containsExactly("size", "empty", "new", "var", "if", "return", "function",
                "while", "eq", "div", "this");
        assertThat(expression.test(record)).isTrue();
        assertThat(expression.test(Map.of())).isFalse();
    }

    @Test
    void backquotedNamesMayHoldSpacesKeywordsAndDots() {
        FieldExpression expression = FieldExpression.parse(
                "`order id` = 7 and `not` = 'x' and `a.b` = 1 and `is`.`the city` = 'SP'");
        Map<String, Object> record = Map.of("order id", 7, "not", "x", "a.b", 1, "is", Map.of("the city", "SP"));

        assertThat(expression.fields()).containsExactly("order id", "not", "a.b", "is");
        assertThat(expression.test(record)).isTrue();
        assertThat(expression.test(Map.of("order id", 8, "not", "x", "a.b", 1, "is", Map.of("the city", "SP"))))
                .isFalse();
    }

    @Test
    void keywordsAreCaseInsensitive() {
        FieldExpression expression = FieldExpression.parse("NoT a Is NuLl AnD b iS nOt NULL oR TRUE = fAlSe");

        assertThat(expression.fields()).containsExactly("a", "b");
        assertThat(expression.test(Map.of("a", 1, "b", 2))).isTrue();
        assertThat(expression.test(Map.of("b", 2))).isFalse();
    }

    @Test
    void fieldNamesAreCaseSensitive() {
        FieldExpression expression = FieldExpression.parse("Status = 'x'");

        assertThat(expression.test(Map.of("Status", "x"))).isTrue();
        assertThat(expression.test(Map.of("status", "x"))).isFalse();
    }

    @Test
    void whitespaceIsOptionalAroundOperators() {
        FieldExpression expression = FieldExpression.parse("a>=-1 and(b<>'x')");

        assertThat(expression.test(Map.of("a", -1, "b", "y"))).isTrue();
        assertThat(expression.test(Map.of("a", -2, "b", "y"))).isFalse();
    }
}
