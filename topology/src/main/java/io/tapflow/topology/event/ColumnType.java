package io.tapflow.topology.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * A MySQL column type for {@link DebeziumTable}: the Connect schema Debezium's MySQL connector gives it
 * (3.5 defaults: {@code time.precision.mode=adaptive_time_microseconds}, {@code decimal.handling.mode=precise},
 * {@code binary.handling.mode=bytes}) and how a Java value of the column is encoded. Immutable.
 */
public final class ColumnType {

    private final String sql;
    private final Supplier<SchemaBuilder> schema;
    private final Function<Object, Object> encoder;

    private ColumnType(String sql, Supplier<SchemaBuilder> schema, Function<Object, Object> encoder) {
        this.sql = sql;
        this.schema = schema;
        this.encoder = encoder;
    }

    /** VARCHAR: Connect STRING; takes a {@code String}. */
    public static ColumnType varchar() {
        return new ColumnType("VARCHAR", SchemaBuilder::string, v -> expect(v, String.class));
    }

    /** TEXT: Connect STRING; takes a {@code String}. */
    public static ColumnType text() {
        return new ColumnType("TEXT", SchemaBuilder::string, v -> expect(v, String.class));
    }

    /** INT: Connect INT32; takes an {@code Integer} (or {@code Short}, {@code Byte}). */
    public static ColumnType intType() {
        return new ColumnType("INT", SchemaBuilder::int32, v -> (int) integral(v, Integer.MIN_VALUE, Integer.MAX_VALUE, "Integer"));
    }

    /** BIGINT: Connect INT64; takes a {@code Long} or {@code Integer}. */
    public static ColumnType bigint() {
        return new ColumnType("BIGINT", SchemaBuilder::int64, v -> integral(v, Long.MIN_VALUE, Long.MAX_VALUE, "Long"));
    }

    /** TINYINT (not TINYINT(1), see {@link #bool()}): Connect INT16, as Debezium maps it; takes an {@code Integer}. */
    public static ColumnType tinyint() {
        return new ColumnType("TINYINT", SchemaBuilder::int16, v -> (short) integral(v, -128, 127, "Integer"));
    }

    /** SMALLINT: Connect INT16; takes an {@code Integer} (or {@code Short}). */
    public static ColumnType smallint() {
        return new ColumnType("SMALLINT", SchemaBuilder::int16, v -> (short) integral(v, Short.MIN_VALUE, Short.MAX_VALUE, "Integer"));
    }

    /** DOUBLE: Connect FLOAT64; takes a {@code Double} (or {@code Float}). */
    public static ColumnType doubleType() {
        return new ColumnType("DOUBLE", SchemaBuilder::float64, v -> switch (v) {
            case Double d -> d;
            case Float f -> f.doubleValue();
            default -> throw wrongType(v, "Double");
        });
    }

    /** FLOAT: Connect FLOAT32; takes a {@code Float} (a {@code Double} is rounded to float, as MySQL does). */
    public static ColumnType floatType() {
        return new ColumnType("FLOAT", SchemaBuilder::float32, v -> switch (v) {
            case Float f -> f;
            case Double d -> d.floatValue();
            default -> throw wrongType(v, "Float");
        });
    }

    /**
     * DECIMAL(precision, scale): Connect Decimal (base64 of the unscaled value, parameters {@code scale} and
     * {@code connect.decimal.precision}); takes a {@code BigDecimal} (or an integral number) that fits without
     * rounding.
     */
    public static ColumnType decimal(int precision, int scale) {
        if (precision < 1 || precision > 65 || scale < 0 || scale > 30 || scale > precision) {
            throw new IllegalArgumentException("DECIMAL(" + precision + "," + scale
                    + ") is not a MySQL decimal: precision 1..65, scale 0..30 and not above the precision");
        }
        return new ColumnType("DECIMAL(" + precision + "," + scale + ")",
                () -> Decimal.builder(scale).parameter(SemanticTypes.DECIMAL_PRECISION, Integer.toString(precision)),
                v -> {
                    BigDecimal value = switch (v) {
                        case BigDecimal d -> d;
                        case BigInteger i -> new BigDecimal(i);
                        case Integer i -> BigDecimal.valueOf(i);
                        case Long l -> BigDecimal.valueOf(l);
                        default -> throw wrongType(v, "BigDecimal");
                    };
                    BigDecimal scaled;
                    try {
                        scaled = value.setScale(scale);
                    } catch (ArithmeticException e) {
                        throw new IllegalArgumentException(value.toPlainString() + " has more than " + scale
                                + " decimal places; round it first (MySQL would)");
                    }
                    if (scaled.precision() - scaled.scale() > precision - scale) {
                        throw new IllegalArgumentException(value.toPlainString() + " is out of range");
                    }
                    return scaled;
                });
    }

    /** DATE: {@code io.debezium.time.Date}, INT32 days since 1970-01-01; takes a {@code LocalDate}. */
    public static ColumnType date() {
        return new ColumnType("DATE", () -> SchemaBuilder.int32().name(SemanticTypes.DATE).version(1),
                v -> Math.toIntExact(expect(v, LocalDate.class).toEpochDay()));
    }

    /** DATETIME (no fractional seconds): see {@link #datetime(int)}. */
    public static ColumnType datetime() {
        return datetime(0);
    }

    /**
     * DATETIME(fsp): {@code io.debezium.time.Timestamp} (INT64 epoch milliseconds, the zone-less value read as
     * UTC) for fsp 0 to 3, {@code io.debezium.time.MicroTimestamp} (INT64 microseconds) for 4 to 6. Takes a
     * {@code LocalDateTime}, rounded to fsp digits as MySQL stores it.
     */
    public static ColumnType datetime(int fsp) {
        if (fsp < 0 || fsp > 6) {
            throw new IllegalArgumentException("DATETIME(" + fsp + ") is not a MySQL type: fractional digits are 0..6");
        }
        boolean micros = fsp > 3;
        return new ColumnType(fsp == 0 ? "DATETIME" : "DATETIME(" + fsp + ")",
                () -> SchemaBuilder.int64().name(micros ? SemanticTypes.MICRO_TIMESTAMP : SemanticTypes.TIMESTAMP).version(1),
                v -> {
                    LocalDateTime t = roundToFsp(expect(v, LocalDateTime.class), fsp);
                    long seconds = t.toEpochSecond(ZoneOffset.UTC);
                    return micros ? seconds * 1_000_000L + t.getNano() / 1_000 : seconds * 1_000L + t.getNano() / 1_000_000;
                });
    }

    /**
     * TIMESTAMP: {@code io.debezium.time.ZonedTimestamp}, ISO-8601 text in UTC such as
     * {@code 2024-03-01T10:15:30Z}. Takes an {@code Instant} (or {@code OffsetDateTime}, {@code ZonedDateTime}),
     * rounded to whole seconds as MySQL stores it.
     */
    public static ColumnType timestamp() {
        return new ColumnType("TIMESTAMP", () -> SchemaBuilder.string().name(SemanticTypes.ZONED_TIMESTAMP).version(1),
                v -> {
                    Instant instant = switch (v) {
                        case Instant i -> i;
                        case OffsetDateTime t -> t.toInstant();
                        case ZonedDateTime t -> t.toInstant();
                        default -> throw wrongType(v, "Instant");
                    };
                    return roundToFsp(LocalDateTime.ofInstant(instant, ZoneOffset.UTC), 0).toInstant(ZoneOffset.UTC).toString();
                });
    }

    /**
     * TIME: {@code io.debezium.time.MicroTime}, INT64 microseconds. Takes a {@code LocalTime} (rounded to
     * seconds) or, for values outside a day, a {@code Duration}.
     */
    public static ColumnType time() {
        return new ColumnType("TIME", () -> SchemaBuilder.int64().name(SemanticTypes.MICRO_TIME).version(1),
                v -> switch (v) {
                    case LocalTime t -> Math.round(t.toNanoOfDay() / 1e9) * 1_000_000L;
                    case Duration d -> d.truncatedTo(ChronoUnit.SECONDS).toSeconds() * 1_000_000L;
                    default -> throw wrongType(v, "LocalTime");
                });
    }

    /** YEAR: {@code io.debezium.time.Year}, INT32; takes an {@code Integer} (or {@code java.time.Year}). */
    public static ColumnType year() {
        return new ColumnType("YEAR", () -> SchemaBuilder.int32().name(SemanticTypes.YEAR).version(1), v -> switch (v) {
            case java.time.Year y -> y.getValue();
            case Integer i when i == 0 || (i >= 1901 && i <= 2155) -> i;
            case Integer i -> throw new IllegalArgumentException(i + " is not a MySQL YEAR (1901..2155 or 0)");
            default -> throw wrongType(v, "Integer");
        });
    }

    /**
     * TINYINT(1) read through Debezium's {@code TinyIntOneToBooleanConverter}: Connect BOOLEAN; takes a
     * {@code Boolean}.
     */
    public static ColumnType bool() {
        return new ColumnType("TINYINT(1)", SchemaBuilder::bool, v -> expect(v, Boolean.class));
    }

    /** BIT(1): Connect BOOLEAN; takes a {@code Boolean}. */
    public static ColumnType bit1() {
        return new ColumnType("BIT(1)", SchemaBuilder::bool, v -> expect(v, Boolean.class));
    }

    /**
     * JSON: {@code io.debezium.data.Json}, the document as compact text. Takes a {@code Map} or {@code List}
     * (written as JSON), a {@code Number} or {@code Boolean}, or a {@code String} holding JSON text.
     */
    public static ColumnType json() {
        return new ColumnType("JSON", () -> SchemaBuilder.string().name(SemanticTypes.JSON).version(1), v -> {
            if (v instanceof String text) {
                if (!JsonText.isJson(text)) {
                    throw new IllegalArgumentException("the String is not JSON text; pass a Map or List, or valid JSON");
                }
                return text;
            }
            if (!(v instanceof Map || v instanceof List || v instanceof Number || v instanceof Boolean)) {
                throw wrongType(v, "Map, List or JSON String");
            }
            try {
                return JsonText.format(v);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("cannot be written as JSON: " + e.getOriginalMessage(), e);
            }
        });
    }

    /** BLOB: Connect BYTES (base64 in JSON); takes a {@code byte[]}. */
    public static ColumnType blob() {
        return new ColumnType("BLOB", SchemaBuilder::bytes, v -> expect(v, byte[].class).clone());
    }

    /** ENUM(values): {@code io.debezium.data.Enum}, STRING with parameter {@code allowed}; takes one of the values. */
    public static ColumnType enumOf(String... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("ENUM needs at least one value");
        }
        List<String> allowed = List.of(values);
        return new ColumnType("ENUM('" + String.join("','", allowed) + "')",
                () -> SchemaBuilder.string().name(SemanticTypes.ENUM).version(1)
                        .parameter(SemanticTypes.ENUM_ALLOWED, String.join(",", allowed)),
                v -> {
                    String value = expect(v, String.class);
                    if (!allowed.contains(value)) {
                        throw new IllegalArgumentException("'" + value + "' is not one of " + allowed);
                    }
                    return value;
                });
    }

    /** The column's Connect schema: primary-key columns are required, all others optional. */
    Schema schema(boolean optional) {
        SchemaBuilder builder = schema.get();
        return (optional ? builder.optional() : builder).build();
    }

    /**
     * The Connect value Debezium would write for {@code value} in {@code column}.
     *
     * @throws IllegalArgumentException naming the column, its type and the value's type when they do not fit
     */
    Object encode(String column, Object value) {
        if (value == null) {
            return null;
        }
        try {
            return encoder.apply(value);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("Column '" + column + "' is " + sql + ": " + e.getMessage(), e);
        }
    }

    /** The MySQL type, e.g. {@code DECIMAL(10,2)}. */
    @Override
    public String toString() {
        return sql;
    }

    private static <T> T expect(Object value, Class<T> type) {
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        throw wrongType(value, type.getSimpleName());
    }

    private static long integral(Object value, long min, long max, String expected) {
        long v = switch (value) {
            case Integer i -> i;
            case Long l -> l;
            case Short s -> s;
            case Byte b -> b;
            default -> throw wrongType(value, expected);
        };
        if (v < min || v > max) {
            throw new IllegalArgumentException(v + " is out of range " + min + ".." + max);
        }
        return v;
    }

    private static IllegalArgumentException wrongType(Object value, String expected) {
        return new IllegalArgumentException("takes " + expected + " but got " + value.getClass().getName()
                + " (" + value + ")");
    }

    /** MySQL rounds fractional seconds beyond the column's precision (half up). */
    private static LocalDateTime roundToFsp(LocalDateTime t, int fsp) {
        long unit = (long) Math.pow(10, 9 - fsp);
        long remainder = t.getNano() % unit;
        LocalDateTime down = t.minusNanos(remainder);
        return remainder * 2 >= unit ? down.plusNanos(unit) : down;
    }
}
