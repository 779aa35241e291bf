package io.tapflow.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldExpressionEvaluateTest {

    private static Object eval(String text, Map<String, ?> record) {
        return FieldExpression.parse(text).evaluate(record);
    }

    private static boolean test(String text, Map<String, ?> record) {
        return FieldExpression.parse(text).test(record);
    }

    /** A map that allows null values, as CDC records have. */
    private static Map<String, Object> record(Object... keysAndValues) {
        Map<String, Object> record = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            record.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return record;
    }

    @Nested
    class Operators {

        @ParameterizedTest(name = "{0} with n=5 is {1}")
        @CsvSource(delimiter = ';', textBlock = """
                n > 4 ; true
                n > 5 ; false
                n >= 5 ; true
                n >= 6 ; false
                n < 6 ; true
                n < 5 ; false
                n <= 5 ; true
                n <= 4 ; false
                n = 5 ; true
                n = 4 ; false
                n == 5 ; true
                n == 4 ; false
                n != 4 ; true
                n != 5 ; false
                n <> 4 ; true
                n <> 5 ; false
                n > 1 and n < 9 ; true
                n > 1 and n > 9 ; false
                n > 9 or n = 5 ; true
                n > 9 or n < 1 ; false
                n > 1 && n < 9 ; true
                n > 9 || n < 1 ; false
                not n > 9 ; true
                not n = 5 ; false
                !(n = 5) ; false
                not not n = 5 ; true
                not n = 4 and n = 5 ; true
                not (n = 4 or n = 5) ; false
                n = 1 or n = 5 and n = 2 ; false
                (n = 1 or n = 5) and n != 2 ; true
                """)
        void comparisonsAndLogic(String text, boolean expected) {
            assertThat(eval(text, Map.of("n", 5))).isEqualTo(expected);
        }

        @Test
        void andBindsTighterThanOr() {
            assertThat(test("a or b and c", Map.of("a", true, "b", false, "c", false))).isTrue();
            assertThat(test("(a or b) and c", Map.of("a", true, "b", false, "c", false))).isFalse();
        }

        @Test
        void arithmetic() {
            Map<String, Object> r = Map.of("price", 10, "freight_value", 3);

            assertThat(eval("price + freight_value", r)).isEqualTo(13L);
            assertThat(eval("price - freight_value", r)).isEqualTo(7L);
            assertThat(eval("price * freight_value", r)).isEqualTo(30L);
            assertThat(eval("price % freight_value", r)).isEqualTo(1L);
            assertThat(eval("-price % freight_value", r)).isEqualTo(-1L);
            assertThat(eval("price / 2", r)).isEqualTo(5L);
            assertThat(eval("price / 4", r)).isEqualTo(new BigDecimal("2.5"));
            assertThat(eval("price / 3", r)).isEqualTo(new BigDecimal("3.333333333333333333333333333333333"));
            assertThat(eval("-price", r)).isEqualTo(-10L);
            assertThat(eval("price - -freight_value", r)).isEqualTo(13L);
            assertThat(eval("price + freight_value * 2", r)).isEqualTo(16L);
            assertThat(eval("(price + freight_value) * 2", r)).isEqualTo(26L);
            assertThat(eval("price + freight_value > 12", r)).isEqualTo(true);
        }

        @Test
        void plusJoinsStrings() {
            assertThat(eval("first + ' ' + last", Map.of("first", "Ana", "last", "Lima"))).isEqualTo("Ana Lima");
        }

        @Test
        void literals() {
            Map<String, Object> none = Map.of();

            assertThat(eval("'it''s'", none)).isEqualTo("it's");
            assertThat(eval("\"say \\\"hi\\\"\"", none)).isEqualTo("say \"hi\"");
            assertThat(eval("'tab\\there'", none)).isEqualTo("tab\there");
            assertThat(eval("\"single ' inside\"", none)).isEqualTo("single ' inside");
            assertThat(eval("42", none)).isEqualTo(42L);
            assertThat(eval("-42", none)).isEqualTo(-42L);
            assertThat(eval("4.20", none)).isEqualTo(new BigDecimal("4.20"));
            assertThat(eval("-0.5", none)).isEqualTo(new BigDecimal("-0.5"));
            assertThat(eval("12345678901234567890", none)).isEqualTo(new BigInteger("12345678901234567890"));
            assertThat(eval("true", none)).isEqualTo(true);
            assertThat(eval("FALSE", none)).isEqualTo(false);
            assertThat(eval("null", none)).isNull();
        }

        @Test
        void booleanFields() {
            assertThat(test("active", Map.of("active", true))).isTrue();
            assertThat(test("active", Map.of("active", false))).isFalse();
            assertThat(test("active = true", Map.of("active", true))).isTrue();
            assertThat(test("active != false and not deleted", Map.of("active", true, "deleted", false))).isTrue();
            assertThat(test("active > false", Map.of("active", true))).isTrue();
        }
    }

    @Nested
    class Nulls {

        private final Map<String, Object> nulls = record("x", null);

        @Test
        void absentAndNullFieldsEvaluateAsNull() {
            assertThat(eval("x", nulls)).isNull();
            assertThat(eval("missing", nulls)).isNull();
        }

        @ParameterizedTest(name = "{0} is {1} when x is null and y absent")
        @CsvSource(delimiter = '|', textBlock = """
                x > 1        | false
                x >= 1       | false
                x < 1        | false
                x <= 1       | false
                1 < x        | false
                y > 1        | false
                x > y        | false
                x = null     | true
                x == null    | true
                null = x     | true
                y = null     | true
                x = y        | true
                x != null    | false
                x <> null    | false
                x = 1        | false
                x != 1       | true
                x is null    | true
                y is null    | true
                x is not null | false
                y is not null | false
                not x        | true
                x and true   | false
                x or true    | true
                x or false   | false
                not (x > 1)  | true
                """)
        void nullSemantics(String text, boolean expected) {
            assertThat(eval(text, nulls)).isEqualTo(expected);
        }

        @Test
        void isNullDistinguishesNullFromValues() {
            FieldExpression expression = FieldExpression.parse("customer_id is not null");

            assertThat(expression.test(record("customer_id", "c1"))).isTrue();
            assertThat(expression.test(record("customer_id", ""))).isTrue();
            assertThat(expression.test(record("customer_id", null))).isFalse();
            assertThat(expression.test(record())).isFalse();
        }

        @Test
        void arithmeticWithNullIsNull() {
            assertThat(eval("price + freight_value", record("price", 10, "freight_value", null))).isNull();
            assertThat(eval("price * 2", record())).isNull();
            assertThat(eval("-price", record())).isNull();
            assertThat(eval("price / 0", record())).isNull();
        }

        @Test
        void testTreatsNullResultAsFalse() {
            assertThat(test("flag", record("flag", null))).isFalse();
        }
    }

    @Nested
    class Numbers {

        @Test
        void bigDecimalFieldEqualsDecimalLiteralExactly() {
            assertThat(test("price = 0.1", Map.of("price", new BigDecimal("0.1")))).isTrue();
            assertThat(test("price = 0.10", Map.of("price", new BigDecimal("0.1")))).isTrue();
            assertThat(test("price > 0.1", Map.of("price", new BigDecimal("0.1")))).isFalse();
            assertThat(test("price = 0.1", Map.of("price", new BigDecimal("0.10000000000000000001")))).isFalse();
        }

        @Test
        void doubleComparesByItsDecimalForm() {
            assertThat(test("price = 0.1", Map.of("price", 0.1d))).isTrue();
            assertThat(test("price = 0.1", Map.of("price", 0.1f))).isTrue();
            assertThat(test("a = b", Map.of("a", 0.1d, "b", new BigDecimal("0.1")))).isTrue();
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                a = b  | true
                a >= b | true
                a <= b | true
                a != b | false
                a > b  | false
                """)
        void sevenIsSevenWhateverTheType(String text, boolean expected) {
            List<Object> sevens = List.of(7, 7L, (short) 7, (byte) 7, 7.0d, 7.0f, new BigDecimal("7.000"),
                    BigInteger.valueOf(7));
            for (Object a : sevens) {
                for (Object b : sevens) {
                    assertThat(eval(text, Map.of("a", a, "b", b)))
                            .as("%s with a=%s (%s), b=%s (%s)", text, a, a.getClass().getSimpleName(), b,
                                    b.getClass().getSimpleName())
                            .isEqualTo(expected);
                }
            }
        }

        @Test
        void largeValuesCompareWithoutRounding() {
            assertThat(test("a < b", Map.of("a", Long.MAX_VALUE - 1, "b", Long.MAX_VALUE))).isTrue();
            assertThat(test("a < b", Map.of("a", new BigInteger("9223372036854775808"), "b", Long.MAX_VALUE)))
                    .isFalse();
            assertThat(test("a > 9007199254740992", Map.of("a", 9007199254740993L))).isTrue();
        }

        @Test
        void numericStringsCompareAsNumbers() {
            assertThat(test("code > 9", Map.of("code", "10"))).isTrue();
            assertThat(test("code = 10", Map.of("code", "10.0"))).isTrue();
            assertThat(test("10 = code", Map.of("code", "10"))).isTrue();
        }

        @Test
        void bigDecimalArithmeticStaysExact() {
            Map<String, Object> r = Map.of("price", new BigDecimal("0.1"), "freight_value", new BigDecimal("0.2"));

            assertThat(eval("price + freight_value", r)).isEqualTo(new BigDecimal("0.3"));
            assertThat(eval("price + freight_value = 0.3", r)).isEqualTo(true);
            assertThat(eval("price * 3", r)).isEqualTo(new BigDecimal("0.3"));
            assertThat(eval("freight_value - price", r)).isEqualTo(new BigDecimal("0.1"));
            assertThat(eval("freight_value / price", r)).isEqualTo(new BigDecimal("2"));
            assertThat(eval("price % 0.03", r)).isEqualTo(new BigDecimal("0.01"));
        }

        @Test
        void decimalLiteralMakesArithmeticExact() {
            assertThat(eval("a + 0.2", Map.of("a", 0.1d))).isEqualTo(new BigDecimal("0.3"));
        }

        @Test
        void doublesStayDoubles() {
            assertThat(eval("a + b", Map.of("a", 0.5d, "b", 2))).isEqualTo(2.5d);
            assertThat(eval("a / b", Map.of("a", 1.0d, "b", 4))).isEqualTo(0.25d);
        }

        @Test
        void longOverflowWidensToBigInteger() {
            assertThat(eval("a + 1", Map.of("a", Long.MAX_VALUE))).isEqualTo(new BigInteger("9223372036854775808"));
            assertThat(eval("a * a", Map.of("a", Long.MAX_VALUE)))
                    .isEqualTo(BigInteger.valueOf(Long.MAX_VALUE).pow(2));
            assertThat(eval("-a", Map.of("a", Long.MIN_VALUE))).isEqualTo(BigInteger.valueOf(Long.MIN_VALUE).negate());
        }
    }

    @Nested
    class Temporals {

        private final LocalDateTime purchase = LocalDateTime.of(2018, 1, 1, 10, 0);

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                t > '2018-01-01'                  | true
                t < '2018-01-02'                  | true
                t = '2018-01-01T10:00:00'         | true
                t = '2018-01-01 10:00:00'         | true
                t = '2018-01-01T10:00'            | true
                t = '2018-01-01T10:00:00.000'     | true
                t = '2018-01-01T10:00:00Z'        | true
                t = '2018-01-01T12:00:00+02:00'   | true
                t = '2018-01-01T07:00:00-03:00'   | true
                t > '2018-01-01 09:59:59'         | true
                t >= '2018-01-01 10:00:00'        | true
                t != '2018-01-01 10:00:01'        | true
                '2018-01-01' < t                  | true
                t > '2018-01-02'                  | false
                """)
        void localDateTimeWithIsoStrings(String text, boolean expected) {
            assertThat(test(text, Map.of("t", purchase))).isEqualTo(expected);
        }

        @Test
        void localDateTimeIsUtcAgainstInstantAndOffsetDateTime() {
            Map<String, Object> r = Map.of(
                    "local", purchase,
                    "instant", Instant.parse("2018-01-01T10:00:00Z"),
                    "offset", OffsetDateTime.of(2018, 1, 1, 7, 0, 0, 0, ZoneOffset.ofHours(-3)),
                    "zoned", ZonedDateTime.of(purchase, ZoneOffset.UTC),
                    "later", Instant.parse("2018-01-01T10:00:01Z"));

            assertThat(test("local = instant and instant = offset and offset = local and zoned = local", r)).isTrue();
            assertThat(test("local < later and offset < later", r)).isTrue();
        }

        @Test
        void localDateIsStartOfDay() {
            Map<String, Object> r = Map.of("day", LocalDate.of(2018, 1, 1), "at", purchase,
                    "midnight", LocalDateTime.of(2018, 1, 1, 0, 0), "instant", Instant.parse("2018-01-01T00:00:00Z"));

            assertThat(test("day < at", r)).isTrue();
            assertThat(test("day = midnight and day = instant", r)).isTrue();
            assertThat(test("day = '2018-01-01' and day < '2018-01-01T00:00:01'", r)).isTrue();
        }

        @Test
        void localTimeComparesWithTimesAndTimeStrings() {
            Map<String, Object> r = Map.of("opens", LocalTime.of(9, 0), "closes", LocalTime.of(18, 30));

            assertThat(test("opens < closes and opens = '09:00' and closes > '18:29:59'", r)).isTrue();
            assertThatThrownBy(() -> test("opens < '2018-01-01'", r))
                    .isInstanceOf(ExpressionEvaluationException.class)
                    .hasMessage("cannot compare 09:00 (LocalTime) with '2018-01-01' (String): '2018-01-01' is not"
                            + " an ISO-8601 time such as '10:15:30' in: opens < '2018-01-01'");
        }

        @Test
        void nullTemporalsFollowNullRules() {
            Map<String, Object> r = record("delivered", null, "estimated", purchase);

            assertThat(test("delivered > estimated", r)).isFalse();
            assertThat(test("delivered < estimated", r)).isFalse();
            assertThat(test("delivered is null", r)).isTrue();
        }

        @Test
        void unparseableStringIsAnError() {
            assertThatThrownBy(() -> test("t > 'soon'", Map.of("t", purchase)))
                    .isInstanceOf(ExpressionEvaluationException.class)
                    .hasMessage("cannot compare 2018-01-01T10:00 (LocalDateTime) with 'soon' (String): 'soon' is not"
                            + " an ISO-8601 date or date-time such as '2018-01-01' or '2018-01-01T10:00:00'"
                            + " in: t > 'soon'");
        }

        @Test
        void temporalAndNumberDoNotCompare() {
            assertThatThrownBy(() -> test("t > 5", Map.of("t", purchase)))
                    .isInstanceOf(ExpressionEvaluationException.class)
                    .hasMessage("cannot compare 2018-01-01T10:00 (LocalDateTime) with 5 (Long) in: t > 5");
        }
    }

    @Nested
    class Strings {

        @Test
        void compareLexicographically() {
            assertThat(test("s > 'abc'", Map.of("s", "abd"))).isTrue();
            assertThat(test("s < 'abc'", Map.of("s", "ab"))).isTrue();
            assertThat(test("s < 'a'", Map.of("s", "B"))).isTrue();
            assertThat(test("s = 'abc'", Map.of("s", "abc"))).isTrue();
            assertThat(test("s = 'ABC'", Map.of("s", "abc"))).isFalse();
            assertThat(test("s = \"abc\"", Map.of("s", "abc"))).isTrue();
            assertThat(test("s = ''", Map.of("s", ""))).isTrue();
        }

        @Test
        void characterFieldComparesAsString() {
            assertThat(test("grade = 'A'", Map.of("grade", 'A'))).isTrue();
        }
    }

    @Nested
    class NestedPaths {

        @Test
        void dottedPathReadsNestedMaps() {
            Map<String, Object> r = Map.of("address", Map.of("city", "SP", "geo", Map.of("lat", -23.5)));

            assertThat(test("address.city = 'SP'", r)).isTrue();
            assertThat(test("address.city = 'RJ'", r)).isFalse();
            assertThat(eval("address.geo.lat", r)).isEqualTo(-23.5d);
            assertThat(test("address.geo.lat < -23", r)).isTrue();
        }

        @Test
        void absentOrNullOnTheWayIsNull() {
            assertThat(test("address.city is null", record("address", null))).isTrue();
            assertThat(test("address.city is null", record())).isTrue();
            assertThat(test("address.city is null", Map.of("address", Map.of()))).isTrue();
            assertThat(test("address.city = 'SP'", record())).isFalse();
        }

        @Test
        void pathThroughANonMapIsAnError() {
            assertThatThrownBy(() -> test("address.city = 'SP'", Map.of("address", "Rua A, 1")))
                    .isInstanceOf(ExpressionEvaluationException.class)
                    .hasMessage("cannot read 'city' of field 'address': it is 'Rua A, 1' (String), not a nested"
                            + " record (map) in: address.city = 'SP'");
        }
    }

    @Nested
    class Errors {

        @Test
        void stringAgainstNumberNamesBothValuesAndTypes() {
            assertThatThrownBy(() -> test("price > 5", Map.of("price", "abc")))
                    .isInstanceOf(ExpressionEvaluationException.class)
                    .hasMessage("cannot compare 'abc' (String) with 5 (Long) in: price > 5");
        }

        @Test
        void equalityBetweenMismatchedTypesIsAnError() {
            assertThatThrownBy(() -> test("flag = 'yes'", Map.of("flag", true)))
                    .isInstanceOf(ExpressionEvaluationException.class)
                    .hasMessage("cannot compare true (Boolean) with 'yes' (String) in: flag = 'yes'");
        }

        @Test
        void longValuesAreShortenedInMessages() {
            String longText = "x".repeat(100);

            assertThatThrownBy(() -> test("s > 1", Map.of("s", longText)))
                    .hasMessage("cannot compare '" + "x".repeat(60) + "...' (String) with 1 (Long) in: s > 1");
        }

        @Test
        void divisionByZero() {
            assertThatThrownBy(() -> eval("price / qty", Map.of("price", 10, "qty", 0)))
                    .isInstanceOf(ExpressionEvaluationException.class)
                    .hasMessage("division by zero: 10 (Integer) / 0 (Integer) in: price / qty");
            assertThatThrownBy(() -> eval("price / 0.0", Map.of("price", new BigDecimal("1.5"))))
                    .hasMessage("division by zero: 1.5 (BigDecimal) / 0.0 (BigDecimal) in: price / 0.0");
            assertThatThrownBy(() -> eval("price / qty", Map.of("price", 1.5d, "qty", 0.0d)))
                    .hasMessage("division by zero: 1.5 (Double) / 0.0 (Double) in: price / qty");
            assertThatThrownBy(() -> eval("price % 0", Map.of("price", 7)))
                    .hasMessage("division by zero: 7 (Integer) % 0 (Long) in: price % 0");
        }

        @Test
        void arithmeticOnNonNumbers() {
            assertThatThrownBy(() -> eval("name + 1", Map.of("name", "Ana")))
                    .isInstanceOf(ExpressionEvaluationException.class)
                    .hasMessage("cannot apply '+' to 'Ana' (String) and 1 (Long) in: name + 1");
            assertThatThrownBy(() -> eval("name * 2", Map.of("name", "Ana")))
                    .hasMessage("cannot apply '*' to 'Ana' (String) and 2 (Long) in: name * 2");
            assertThatThrownBy(() -> eval("-name", Map.of("name", "Ana")))
                    .hasMessage("cannot apply '-' to 'Ana' (String) in: -name");
        }

        @Test
        void logicOnNonBooleans() {
            assertThatThrownBy(() -> test("status and true", Map.of("status", "delivered")))
                    .isInstanceOf(ExpressionEvaluationException.class)
                    .hasMessage("cannot use 'delivered' (String) as a condition: 'and', 'or' and 'not' need true,"
                            + " false or null in: status and true");
            assertThatThrownBy(() -> test("not qty", Map.of("qty", 1)))
                    .hasMessage("cannot use 1 (Integer) as a condition: 'and', 'or' and 'not' need true, false or"
                            + " null in: not qty");
        }

        @Test
        void testRefusesNonBooleanResults() {
            assertThatThrownBy(() -> test("price + 1", Map.of("price", 41)))
                    .isInstanceOf(ExpressionEvaluationException.class)
                    .hasMessage("a condition must be true, false or null but this one produced 42 (Long)"
                            + " in: price + 1");
            assertThatThrownBy(() -> test("name", Map.of("name", "Ana")))
                    .hasMessage("a condition must be true, false or null but this one produced 'Ana' (String)"
                            + " in: name");
        }

        @Test
        void nullRecordIsRefused() {
            FieldExpression expression = FieldExpression.parse("a = 1");

            assertThatThrownBy(() -> expression.evaluate(null)).isInstanceOf(NullPointerException.class);
        }
    }
}
