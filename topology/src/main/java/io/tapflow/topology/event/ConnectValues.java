package io.tapflow.topology.event;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Turns Connect data (what any converter returns) into the Java types of a row, following the schema's
 * semantic name first and its type second. The mapping table is on {@link WireFormat}.
 */
final class ConnectValues {

    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private ConnectValues() {
    }

    /** A struct (or, without schemas, a JSON object) as a mutable row map; {@code path} names it in errors. */
    static Map<String, Object> toRow(Schema schema, Object value, String path) {
        if (value == null) {
            return null;
        }
        Object row = toJava(schema, value, path);
        if (!(row instanceof Map)) {
            throw new UndecodableEventException(path + " is " + describe(schema, value) + ", expected a struct");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) row;
        return map;
    }

    static Object toJava(Schema schema, Object value, String path) {
        try {
            return convert(schema, value);
        } catch (BadValue e) {
            throw new UndecodableEventException(path + e.where + " " + e.getMessage(), e.getCause());
        }
    }

    /**
     * A value that does not fit its schema, somewhere inside the one being converted. Paths are put
     * together only when a value is bad, so the usual case builds no strings.
     */
    private static final class BadValue extends RuntimeException {
        private String where = "";

        BadValue(String message, Throwable cause) {
            super(message, cause);
        }

        BadValue under(String step) {
            where = step + where;
            return this;
        }
    }

    private static Object convert(Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        if (schema == null) {
            return schemaless(value);
        }
        try {
            Object semantic = semantic(schema, value);
            return semantic != null ? semantic : byType(schema, value);
        } catch (ClassCastException | ArithmeticException | DateTimeParseException e) {
            throw new BadValue("is " + describe(schema, value) + ", which does not fit its schema: " + e.getMessage(), e);
        }
    }

    /** The value for a named (semantic) schema, or {@code null} when the name is not one we interpret. */
    private static Object semantic(Schema schema, Object value) {
        String name = schema.name();
        if (name == null) {
            return null;
        }
        return switch (name) {
            case Decimal.LOGICAL_NAME -> value instanceof BigDecimal d ? d : Decimal.toLogical(schema, bytes(value));
            case SemanticTypes.VARIABLE_SCALE_DECIMAL -> {
                Struct struct = (Struct) value;
                yield new BigDecimal(new BigInteger(bytes(struct.get("value"))), struct.getInt32("scale"));
            }
            case SemanticTypes.DATE -> LocalDate.ofEpochDay(((Number) value).longValue());
            case Date.LOGICAL_NAME -> LocalDate.ofEpochDay(Math.floorDiv(((java.util.Date) value).getTime(), 86_400_000L));
            case SemanticTypes.TIMESTAMP -> dateTimeOfMicros(Math.multiplyExact(((Number) value).longValue(), 1000L));
            case SemanticTypes.MICRO_TIMESTAMP -> dateTimeOfMicros(((Number) value).longValue());
            case SemanticTypes.NANO_TIMESTAMP -> dateTimeOfNanos(((Number) value).longValue());
            case Timestamp.LOGICAL_NAME -> {
                Instant instant = ((java.util.Date) value).toInstant();
                yield SemanticTypes.TEMPORAL_INSTANT.equals(parameter(schema, SemanticTypes.TEMPORAL))
                        ? instant : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
            }
            case SemanticTypes.ZONED_TIMESTAMP -> OffsetDateTime.parse((String) value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            case SemanticTypes.TIME -> timeOfMicros(Math.multiplyExact(((Number) value).longValue(), 1000L));
            case SemanticTypes.MICRO_TIME -> timeOfMicros(((Number) value).longValue());
            case SemanticTypes.NANO_TIME -> timeOfNanos(((Number) value).longValue());
            case Time.LOGICAL_NAME -> LocalTime.ofNanoOfDay(Math.multiplyExact(((java.util.Date) value).getTime(), 1_000_000L));
            case SemanticTypes.YEAR -> ((Number) value).intValue();
            case SemanticTypes.JSON -> json((String) value);
            default -> null;
        };
    }

    private static Object byType(Schema schema, Object value) {
        return switch (schema.type()) {
            case INT8, INT16 -> isTinyIntOne(schema) ? ((Number) value).intValue() != 0 : ((Number) value).intValue();
            case INT32 -> (Integer) value;
            case INT64 -> (Long) value;
            case FLOAT32 -> (Float) value;
            case FLOAT64 -> (Double) value;
            case BOOLEAN -> (Boolean) value;
            case STRING -> (String) value;
            case BYTES -> bytes(value);
            case STRUCT -> {
                Struct struct = (Struct) value;
                Map<String, Object> row = new LinkedHashMap<>();
                for (Field field : schema.fields()) {
                    // Struct.get would put the schema default in place of a null the database really holds.
                    try {
                        row.put(field.name(), convert(field.schema(), struct.getWithoutDefault(field.name())));
                    } catch (BadValue e) {
                        throw e.under("." + field.name());
                    }
                }
                yield row;
            }
            case ARRAY -> {
                List<?> list = (List<?>) value;
                List<Object> out = new ArrayList<>(list.size());
                for (int i = 0; i < list.size(); i++) {
                    try {
                        out.add(convert(schema.valueSchema(), list.get(i)));
                    } catch (BadValue e) {
                        throw e.under("[" + i + "]");
                    }
                }
                yield out;
            }
            case MAP -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    try {
                        out.put(convert(schema.keySchema(), e.getKey()), convert(schema.valueSchema(), e.getValue()));
                    } catch (BadValue bad) {
                        throw bad.under("." + e.getKey());
                    }
                }
                yield out;
            }
        };
    }

    /** Without a schema the converter gives JSON types; only the containers are copied into mutable ones. */
    private static Object schemaless(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(String.valueOf(e.getKey()), schemaless(e.getValue()));
            }
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object element : list) {
                out.add(schemaless(element));
            }
            return out;
        }
        if (value instanceof Struct struct) {
            return convert(struct.schema(), struct);
        }
        return value instanceof ByteBuffer buffer ? bytes(buffer) : value;
    }

    private static Object json(String text) {
        try {
            return JsonText.parse(text);
        } catch (IOException e) {
            throw new BadValue("is a JSON column but its text is not JSON: " + e.getMessage(), e);
        }
    }

    static boolean isTinyIntOne(Schema schema) {
        return "TINYINT".equalsIgnoreCase(parameter(schema, SemanticTypes.SOURCE_COLUMN_TYPE))
                && "1".equals(parameter(schema, SemanticTypes.SOURCE_COLUMN_LENGTH));
    }

    private static String parameter(Schema schema, String name) {
        Map<String, String> parameters = schema.parameters();
        return parameters == null ? null : parameters.get(name);
    }

    private static byte[] bytes(Object value) {
        if (value instanceof ByteBuffer buffer) {
            byte[] out = new byte[buffer.remaining()];
            buffer.duplicate().get(out);
            return out;
        }
        return (byte[]) value;
    }

    private static LocalDateTime dateTimeOfMicros(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
    }

    private static LocalDateTime dateTimeOfNanos(long nanos) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                (int) Math.floorMod(nanos, 1_000_000_000L), ZoneOffset.UTC);
    }

    /** MySQL TIME is a duration that usually is a time of day; only the usual case becomes a LocalTime. */
    private static Object timeOfMicros(long micros) {
        return micros >= 0 && micros < MICROS_PER_DAY
                ? LocalTime.ofNanoOfDay(micros * 1000L) : Duration.of(micros, ChronoUnit.MICROS);
    }

    private static Object timeOfNanos(long nanos) {
        return nanos >= 0 && nanos < MICROS_PER_DAY * 1000L ? LocalTime.ofNanoOfDay(nanos) : Duration.ofNanos(nanos);
    }

    static String describe(Schema schema, Object value) {
        String type = schema == null ? "schemaless" : schema.name() != null ? schema.name() : schema.type().toString();
        return type + " value " + (value == null ? "null" : value.getClass().getSimpleName());
    }
}
