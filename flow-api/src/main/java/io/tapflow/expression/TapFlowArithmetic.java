package io.tapflow.expression;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;
import org.apache.commons.jexl3.JexlArithmetic;
import org.apache.commons.jexl3.JexlOperator;

/**
 * The operator semantics of TapFlow expressions, plugged into JEXL. JEXL's own rules (string coercion,
 * double rounding, integer division, null as error in strict mode) are replaced by the SQL-like rules
 * documented on {@link FieldExpression}. Stateless, so one instance serves every thread.
 */
final class TapFlowArithmetic extends JexlArithmetic {

    /** Quotients that do not terminate are rounded to 34 significant digits, as IEEE 754 decimal128. */
    private static final MathContext DIVISION = MathContext.DECIMAL128;

    TapFlowArithmetic() {
        super(true);
    }

    // JEXL calls this when a script carries its own options; ours are fixed, so keep this instance.
    @Override
    protected JexlArithmetic createWithOptions(boolean strict, MathContext context, int scale) {
        return this;
    }

    // Null is a legal operand for every operator here; the overrides below decide what it means.
    @Override
    public boolean isStrict(JexlOperator operator) {
        return false;
    }

    @Override
    public boolean equals(Object left, Object right) {
        return Values.areEqual(left, right);
    }

    @Override
    public boolean lessThan(Object left, Object right) {
        return left != null && right != null && Values.compare(left, right) < 0;
    }

    @Override
    public boolean lessThanOrEqual(Object left, Object right) {
        return left != null && right != null && Values.compare(left, right) <= 0;
    }

    @Override
    public boolean greaterThan(Object left, Object right) {
        return left != null && right != null && Values.compare(left, right) > 0;
    }

    @Override
    public boolean greaterThanOrEqual(Object left, Object right) {
        return left != null && right != null && Values.compare(left, right) >= 0;
    }

    @Override
    public boolean toBoolean(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw new EvaluationFailure("cannot use " + Values.describe(value)
                + " as a condition: 'and', 'or' and 'not' need true, false or null");
    }

    @Override
    protected boolean toBoolean(boolean strict, Object value) {
        return toBoolean(value);
    }

    @Override
    public boolean testPredicate(Object value) {
        return toBoolean(value);
    }

    @Override
    public Object not(Object value) {
        return !toBoolean(value);
    }

    @Override
    public Object add(Object left, Object right) {
        if (left instanceof String a && right instanceof String b) {
            return a + b;
        }
        return compute("+", left, right, Math::addExact, BigInteger::add, Double::sum, BigDecimal::add);
    }

    @Override
    public Object subtract(Object left, Object right) {
        return compute("-", left, right, Math::subtractExact, BigInteger::subtract, (a, b) -> a - b,
                BigDecimal::subtract);
    }

    @Override
    public Object multiply(Object left, Object right) {
        return compute("*", left, right, Math::multiplyExact, BigInteger::multiply, (a, b) -> a * b,
                BigDecimal::multiply);
    }

    /**
     * True division, as in the Python TapFlow: {@code 7 / 2} is 3.5. Integers that divide evenly stay
     * integers; other integer quotients are BigDecimal so no precision is lost to double rounding.
     */
    @Override
    public Object divide(Object left, Object right) {
        if (left == null || right == null) {
            return null;
        }
        requireNumbers("/", left, right);
        requireNonZeroDivisor("/", left, right);
        Number a = (Number) left;
        Number b = (Number) right;
        if (isWhole(a) && isWhole(b)) {
            BigInteger[] quotientAndRemainder = Values.toBigInteger(a).divideAndRemainder(Values.toBigInteger(b));
            if (quotientAndRemainder[1].signum() != 0) {
                return new BigDecimal(Values.toBigInteger(a)).divide(new BigDecimal(Values.toBigInteger(b)), DIVISION);
            }
            BigInteger quotient = quotientAndRemainder[0];
            return quotient.bitLength() < Long.SIZE ? (Object) quotient.longValue() : quotient;
        }
        return fractional(a, b, (x, y) -> x / y, (x, y) -> x.divide(y, DIVISION));
    }

    /** The remainder takes the sign of the dividend, like Java and SQL MOD: {@code -7 % 3} is -1. */
    @Override
    public Object mod(Object left, Object right) {
        if (left != null && right != null) {
            requireNumbers("%", left, right);
            requireNonZeroDivisor("%", left, right);
        }
        return compute("%", left, right, (a, b) -> a % b, BigInteger::remainder, (a, b) -> a % b, BigDecimal::remainder);
    }

    @Override
    public Object negate(Object value) {
        return switch (value) {
            case null -> null;
            case Long l when l != Long.MIN_VALUE -> -l;
            case Integer i -> -i.longValue();
            case Short s -> -s.longValue();
            case Byte b -> -b.longValue();
            case Long l -> BigInteger.valueOf(l).negate();
            case BigInteger i -> i.negate();
            case BigDecimal d -> d.negate();
            case Double d -> -d;
            case Float f -> -f;
            default -> throw new EvaluationFailure("cannot apply '-' to " + Values.describe(value));
        };
    }

    @Override
    public Object positivize(Object value) {
        if (value == null || value instanceof Number) {
            return value;
        }
        throw new EvaluationFailure("cannot apply '+' to " + Values.describe(value));
    }

    /**
     * Applies one operator with the widening rules: any BigDecimal operand makes the result BigDecimal,
     * otherwise any double or float makes it double, otherwise integers are computed as long and widen to
     * BigInteger instead of overflowing. A null operand makes the result null, as in SQL.
     */
    private static Object compute(String operator, Object left, Object right, LongBinaryOperator longs,
            BinaryOperator<BigInteger> bigIntegers, DoubleBinaryOperator doubles, BinaryOperator<BigDecimal> decimals) {
        if (left == null || right == null) {
            return null;
        }
        requireNumbers(operator, left, right);
        Number a = (Number) left;
        Number b = (Number) right;
        if (!isWhole(a) || !isWhole(b)) {
            return fractional(a, b, doubles, decimals);
        }
        if (Values.isIntegral(a) && Values.isIntegral(b)) {
            try {
                return longs.applyAsLong(a.longValue(), b.longValue());
            } catch (ArithmeticException overflow) {
                // BigInteger below cannot overflow.
            }
        }
        return bigIntegers.apply(Values.toBigInteger(a), Values.toBigInteger(b));
    }

    private static Object fractional(Number a, Number b, DoubleBinaryOperator doubles,
            BinaryOperator<BigDecimal> decimals) {
        if (a instanceof BigDecimal || b instanceof BigDecimal) {
            return decimals.apply(Values.toBigDecimal(a), Values.toBigDecimal(b));
        }
        return doubles.applyAsDouble(a.doubleValue(), b.doubleValue());
    }

    private static boolean isWhole(Number n) {
        return Values.isIntegral(n) || n instanceof BigInteger;
    }

    private static void requireNumbers(String operator, Object left, Object right) {
        if (!(left instanceof Number) || !(right instanceof Number)) {
            throw new EvaluationFailure("cannot apply '" + operator + "' to " + Values.describe(left) + " and "
                    + Values.describe(right));
        }
    }

    // Double division by zero would quietly give Infinity or NaN and poison every later comparison.
    private static void requireNonZeroDivisor(String operator, Object left, Object right) {
        Number divisor = (Number) right;
        boolean zero = Values.isFloating(divisor) ? divisor.doubleValue() == 0 : Values.toBigDecimal(divisor).signum() == 0;
        if (zero) {
            throw new EvaluationFailure("division by zero: " + Values.describe(left) + " " + operator + " "
                    + Values.describe(right));
        }
    }
}
