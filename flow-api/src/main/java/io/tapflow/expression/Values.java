package io.tapflow.expression;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/** Comparison rules shared by the comparison operators and by {@link TapFlowArithmetic}. */
final class Values {

    private static final int MAX_SHOWN_CHARS = 60;

    private Values() {}

    /**
     * Orders two non-null values, or throws {@link EvaluationFailure} naming both when they cannot be
     * ordered against each other.
     */
    static int compare(Object left, Object right) {
        Object l = left instanceof Character c ? c.toString() : left;
        Object r = right instanceof Character c ? c.toString() : right;
        if (l instanceof Number a && r instanceof Number b) {
            return compareNumbers(a, b);
        }
        if (l instanceof String a && r instanceof String b) {
            return a.compareTo(b);
        }
        if (l instanceof Boolean a && r instanceof Boolean b) {
            return a.compareTo(b);
        }
        // A number-looking string from a CSV or JSON source still compares as the number it spells.
        if (l instanceof Number a && r instanceof String b && parseDecimal(b) instanceof BigDecimal n) {
            return compareNumbers(a, n);
        }
        if (l instanceof String a && r instanceof Number b && parseDecimal(a) instanceof BigDecimal n) {
            return compareNumbers(n, b);
        }
        if (isTemporal(l) || isTemporal(r)) {
            return compareTemporals(left, right);
        }
        throw mismatch(left, right, "");
    }

    /**
     * Equality under the same conversions as {@link #compare}, so {@code 1 = 1.0} and
     * {@code order_date = '2018-01-01'} hold; {@code null} equals only {@code null}.
     */
    static boolean areEqual(Object left, Object right) {
        if (left == null || right == null) {
            return left == right;
        }
        if (left instanceof Map<?, ?> && right instanceof Map<?, ?>
                || left instanceof Collection<?> && right instanceof Collection<?>) {
            return Objects.equals(left, right);
        }
        return compare(left, right) == 0;
    }

    /** Shows a value in an error message: strings quoted and cut short, then its Java type. */
    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String shown = value.toString();
        if (shown.length() > MAX_SHOWN_CHARS) {
            shown = shown.substring(0, MAX_SHOWN_CHARS) + "...";
        }
        if (value instanceof String || value instanceof Character) {
            shown = "'" + shown + "'";
        }
        return shown + " (" + value.getClass().getSimpleName() + ")";
    }

    static boolean isIntegral(Object value) {
        return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
    }

    static boolean isFloating(Object value) {
        return value instanceof Double || value instanceof Float;
    }

    /** Converts exactly; a double converts through its shortest decimal form, so 0.1d becomes 0.1. */
    static BigDecimal toBigDecimal(Number number) {
        return switch (number) {
            case BigDecimal d -> d;
            case BigInteger i -> new BigDecimal(i);
            case Double d -> BigDecimal.valueOf(d);
            case Float f -> new BigDecimal(f.toString());
            default -> isIntegral(number) ? BigDecimal.valueOf(number.longValue()) : new BigDecimal(number.toString());
        };
    }

    static BigInteger toBigInteger(Number number) {
        return number instanceof BigInteger i ? i : BigInteger.valueOf(number.longValue());
    }

    private static int compareNumbers(Number a, Number b) {
        if (isNonFinite(a) || isNonFinite(b)) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        if (isIntegral(a) && isIntegral(b)) {
            return Long.compare(a.longValue(), b.longValue());
        }
        return toBigDecimal(a).compareTo(toBigDecimal(b));
    }

    private static boolean isNonFinite(Number n) {
        return isFloating(n) && !Double.isFinite(n.doubleValue());
    }

    private static BigDecimal parseDecimal(String text) {
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private static boolean isTemporal(Object value) {
        return value instanceof LocalDate || value instanceof LocalDateTime || value instanceof Instant
                || value instanceof OffsetDateTime || value instanceof ZonedDateTime || value instanceof LocalTime;
    }

    private static int compareTemporals(Object left, Object right) {
        if (left instanceof LocalTime || right instanceof LocalTime) {
            return asLocalTime(left, left, right).compareTo(asLocalTime(right, left, right));
        }
        return asInstant(left, left, right).compareTo(asInstant(right, left, right));
    }

    private static LocalTime asLocalTime(Object value, Object left, Object right) {
        if (value instanceof LocalTime time) {
            return time;
        }
        if (value instanceof String text) {
            try {
                return LocalTime.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw mismatch(left, right, ": " + quoted(text) + " is not an ISO-8601 time such as '10:15:30'");
            }
        }
        throw mismatch(left, right, "");
    }

    /**
     * Places any date or date-time on one time line. Values without a zone are read as UTC and a date as the
     * start of its day, which keeps local-with-local comparisons exact and matches how CDC sources that store
     * UTC without an offset (MySQL DATETIME, Postgres timestamp) are usually read.
     */
    private static Instant asInstant(Object value, Object left, Object right) {
        return switch (value) {
            case Instant i -> i;
            case OffsetDateTime o -> o.toInstant();
            case ZonedDateTime z -> z.toInstant();
            case LocalDateTime l -> l.toInstant(ZoneOffset.UTC);
            case LocalDate d -> d.atStartOfDay().toInstant(ZoneOffset.UTC);
            case String s -> asInstant(parseDateTime(s, left, right), left, right);
            default -> throw mismatch(left, right, "");
        };
    }

    private static Object parseDateTime(String text, Object left, Object right) {
        String iso = text.strip();
        // SQL tools print "2018-01-01 10:00:00"; ISO-8601 wants a 'T' between date and time.
        if (iso.length() > 10 && iso.charAt(10) == ' ') {
            iso = iso.substring(0, 10) + 'T' + iso.substring(11);
        }
        try {
            if (iso.length() <= 10) {
                return LocalDate.parse(iso);
            }
            return hasOffset(iso) ? OffsetDateTime.parse(iso) : LocalDateTime.parse(iso);
        } catch (DateTimeParseException e) {
            throw mismatch(left, right, ": " + quoted(text)
                    + " is not an ISO-8601 date or date-time such as '2018-01-01' or '2018-01-01T10:00:00'");
        }
    }

    private static boolean hasOffset(String iso) {
        int timeStart = iso.indexOf('T');
        return iso.endsWith("Z") || iso.indexOf('+', timeStart) > 0 || iso.indexOf('-', timeStart) > 0;
    }

    private static String quoted(String text) {
        return "'" + text + "'";
    }

    private static EvaluationFailure mismatch(Object left, Object right, String detail) {
        return new EvaluationFailure("cannot compare " + describe(left) + " with " + describe(right) + detail);
    }
}
