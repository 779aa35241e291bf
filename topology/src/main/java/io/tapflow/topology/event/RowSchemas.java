package io.tapflow.topology.event;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Infers a Connect schema for an output row from its Java values and converts the row to a Connect struct.
 * The mapping is documented on {@link WireFormat}. Every inferred schema is optional, so a field that is
 * {@code null} in one record and set in the next keeps a compatible shape.
 */
final class RowSchemas {

    private static final Schema INSTANT = Timestamp.builder().optional()
            .parameter(SemanticTypes.TEMPORAL, SemanticTypes.TEMPORAL_INSTANT).build();

    /**
     * The schema of a {@code null} value: an optional string on the wire, but told apart by identity so that
     * a list element or struct field that is {@code null} in one place takes the type it has elsewhere.
     */
    private static final Schema NULL_ONLY = SchemaBuilder.string().optional().build();

    // Built once: equal schemas that are also the same object make the reuse check in toConnect cheap.
    private static final Schema DATE = Date.builder().optional().build();
    private static final Schema TIMESTAMP = Timestamp.builder().optional().build();
    private static final Schema TIME = Time.builder().optional().build();
    private static final Map<Integer, Schema> DECIMALS = new java.util.concurrent.ConcurrentHashMap<>();

    private RowSchemas() {
    }

    /**
     * The row as a Connect struct with its inferred schema.
     *
     * @param typed {@code false} for a format that cannot carry logical types (JSON without schemas): dates
     *              and times are then written as ISO-8601 text
     */
    static SchemaAndValue toConnect(Map<String, ?> row, boolean typed) {
        return toConnect(row, typed, null);
    }

    /**
     * Like {@link #toConnect(Map, boolean)}, returning {@code previous} itself as the schema when the row
     * has exactly that shape. Rows of one table nearly always do, and an identical schema object lets the
     * converter reuse everything it derived from it.
     */
    static SchemaAndValue toConnect(Map<String, ?> row, boolean typed, Schema previous) {
        return toConnect(row, typed, previous, name -> null);
    }

    /**
     * Like {@link #toConnect(Map, boolean, Schema)}; a {@code null} field takes the schema {@code columnType}
     * gives for its name, or else the schema it had in {@code previous}.
     */
    static SchemaAndValue toConnect(Map<String, ?> row, boolean typed, Schema previous,
                                    Function<String, Schema> columnType) {
        Map<String, ?> values = typed ? row : withTemporalsAsText(row);
        Schema[] fieldSchemas = new Schema[values.size()];
        int i = 0;
        for (Map.Entry<String, ?> e : values.entrySet()) {
            Schema declared = e.getValue() == null && typed ? typeOfNull(e.getKey(), columnType, previous) : null;
            fieldSchemas[i++] = declared != null ? declared : infer(e.getValue(), e.getKey());
        }
        Schema schema = sameShape(previous, values, fieldSchemas) ? previous : struct(values, fieldSchemas);
        return new SchemaAndValue(schema, toStruct(schema, values, ""));
    }

    /**
     * The type of a {@code null} field: its column's, else the one it had in the previous row (a computed
     * field has no column), else unknown.
     */
    private static Schema typeOfNull(String field, Function<String, Schema> columnType, Schema previous) {
        Schema declared = columnType.apply(field);
        if (declared == null && previous != null) {
            Field before = previous.field(field);
            declared = before == null ? null : before.schema();
        }
        return declared;
    }

    private static boolean sameShape(Schema previous, Map<String, ?> values, Schema[] fieldSchemas) {
        if (previous == null || previous.fields().size() != fieldSchemas.length) {
            return false;
        }
        int i = 0;
        for (String name : values.keySet()) {
            Field field = previous.fields().get(i);
            if (!field.name().equals(name) || !field.schema().equals(fieldSchemas[i])) {
                return false;
            }
            i++;
        }
        return true;
    }

    private static Schema struct(Map<String, ?> values, Schema[] fieldSchemas) {
        SchemaBuilder builder = SchemaBuilder.struct();
        int i = 0;
        for (String name : values.keySet()) {
            builder.field(fieldName(name, ""), fieldSchemas[i++]);
        }
        return builder.build();
    }

    private static Schema infer(Object value, String path) {
        return switch (value) {
            case null -> NULL_ONLY;
            case TypedNull typed -> typed.schema();
            case String ignored -> Schema.OPTIONAL_STRING_SCHEMA;
            case Integer ignored -> Schema.OPTIONAL_INT32_SCHEMA;
            case Short ignored -> Schema.OPTIONAL_INT32_SCHEMA;
            case Byte ignored -> Schema.OPTIONAL_INT32_SCHEMA;
            case Long ignored -> Schema.OPTIONAL_INT64_SCHEMA;
            case Float ignored -> Schema.OPTIONAL_FLOAT32_SCHEMA;
            case Double ignored -> Schema.OPTIONAL_FLOAT64_SCHEMA;
            case Boolean ignored -> Schema.OPTIONAL_BOOLEAN_SCHEMA;
            case BigDecimal d -> decimal(d.scale());
            case BigInteger ignored -> decimal(0);
            case LocalDate ignored -> DATE;
            case LocalDateTime ignored -> TIMESTAMP;
            case Instant ignored -> INSTANT;
            case OffsetDateTime ignored -> INSTANT;
            case ZonedDateTime ignored -> INSTANT;
            case LocalTime ignored -> TIME;
            case byte[] ignored -> Schema.OPTIONAL_BYTES_SCHEMA;
            case Map<?, ?> map -> {
                SchemaBuilder builder = SchemaBuilder.struct().optional();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    String name = fieldName(e.getKey(), path);
                    builder.field(name, infer(e.getValue(), path + "." + name));
                }
                yield builder.build();
            }
            case List<?> list -> {
                Schema element = null;
                for (int i = 0; i < list.size(); i++) {
                    String elementPath = path + "[" + i + "]";
                    element = unify(element, infer(list.get(i), elementPath), elementPath);
                }
                yield SchemaBuilder.array(orString(element)).optional().build();
            }
            default -> throw new UnencodableValueException("Field '" + path + "' holds a " + value.getClass().getName()
                    + ", which has no mapping; use String, Integer, Long, Float, Double, Boolean, BigDecimal, BigInteger, "
                    + "LocalDate, LocalDateTime, Instant, OffsetDateTime, ZonedDateTime, LocalTime, byte[], Map or List");
        };
    }

    /**
     * For each field of a decoded row's Connect schema, the schema {@link #infer} gives its non-null
     * values (see {@link ConnectValues}); fields whose type depends on the value are left out.
     */
    static Map<String, Schema> columnTypes(Schema rowSchema) {
        if (rowSchema == null || rowSchema.type() != Schema.Type.STRUCT) {
            return Map.of();
        }
        Map<String, Schema> types = new LinkedHashMap<>();
        for (Field field : rowSchema.fields()) {
            Schema type = outputType(field.schema());
            if (type != null) {
                types.put(field.name(), type);
            }
        }
        return java.util.Collections.unmodifiableMap(types);
    }

    private static Schema outputType(Schema source) {
        String name = source.name();
        if (name != null) {
            switch (name) {
                case Decimal.LOGICAL_NAME:
                    return decimal(Integer.parseInt(source.parameters().get(Decimal.SCALE_FIELD)));
                case SemanticTypes.DATE, Date.LOGICAL_NAME:
                    return DATE;
                case SemanticTypes.TIMESTAMP, SemanticTypes.MICRO_TIMESTAMP, SemanticTypes.NANO_TIMESTAMP:
                    return TIMESTAMP;
                case Timestamp.LOGICAL_NAME:
                    return SemanticTypes.TEMPORAL_INSTANT.equals(parameter(source, SemanticTypes.TEMPORAL))
                            ? INSTANT : TIMESTAMP;
                case SemanticTypes.ZONED_TIMESTAMP:
                    return INSTANT;
                case SemanticTypes.TIME, SemanticTypes.MICRO_TIME, SemanticTypes.NANO_TIME, Time.LOGICAL_NAME:
                    // A MySQL TIME beyond 24 h decodes to a Duration, which has no output type; most are times of day.
                    return TIME;
                case SemanticTypes.YEAR:
                    return Schema.OPTIONAL_INT32_SCHEMA;
                case SemanticTypes.JSON, SemanticTypes.VARIABLE_SCALE_DECIMAL:
                    return null;
                default:
                    break;
            }
        }
        return switch (source.type()) {
            case INT8, INT16 -> ConnectValues.isTinyIntOne(source)
                    ? Schema.OPTIONAL_BOOLEAN_SCHEMA : Schema.OPTIONAL_INT32_SCHEMA;
            case INT32 -> Schema.OPTIONAL_INT32_SCHEMA;
            case INT64 -> Schema.OPTIONAL_INT64_SCHEMA;
            case FLOAT32 -> Schema.OPTIONAL_FLOAT32_SCHEMA;
            case FLOAT64 -> Schema.OPTIONAL_FLOAT64_SCHEMA;
            case BOOLEAN -> Schema.OPTIONAL_BOOLEAN_SCHEMA;
            case STRING -> Schema.OPTIONAL_STRING_SCHEMA;
            case BYTES -> Schema.OPTIONAL_BYTES_SCHEMA;
            case STRUCT, ARRAY, MAP -> null;
        };
    }

    /** The code of an output field schema, for {@link TypedNull}; {@code null} for structs, lists and maps. */
    static String typeCode(Schema schema) {
        if (schema == null) {
            return null;
        }
        if (Decimal.LOGICAL_NAME.equals(schema.name())) {
            return "decimal:" + scale(schema);
        }
        if (schema.equals(INSTANT)) {
            return "instant";
        }
        if (schema.equals(TIMESTAMP)) {
            return "timestamp";
        }
        if (schema.equals(DATE)) {
            return "date";
        }
        if (schema.equals(TIME)) {
            return "time";
        }
        if (schema.name() != null) {
            return null;
        }
        return switch (schema.type()) {
            case INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING, BYTES -> schema.type().getName();
            default -> null;
        };
    }

    /** The schema for a {@link #typeCode}. */
    static Schema fromTypeCode(String code) {
        if (code.startsWith("decimal:")) {
            return decimal(Integer.parseInt(code.substring("decimal:".length())));
        }
        return switch (code) {
            case "instant" -> INSTANT;
            case "timestamp" -> TIMESTAMP;
            case "date" -> DATE;
            case "time" -> TIME;
            case "int32" -> Schema.OPTIONAL_INT32_SCHEMA;
            case "int64" -> Schema.OPTIONAL_INT64_SCHEMA;
            case "float32" -> Schema.OPTIONAL_FLOAT32_SCHEMA;
            case "float64" -> Schema.OPTIONAL_FLOAT64_SCHEMA;
            case "boolean" -> Schema.OPTIONAL_BOOLEAN_SCHEMA;
            case "string" -> Schema.OPTIONAL_STRING_SCHEMA;
            case "bytes" -> Schema.OPTIONAL_BYTES_SCHEMA;
            default -> throw new IllegalArgumentException("unknown type code '" + code + "'");
        };
    }

    private static String parameter(Schema schema, String name) {
        return schema.parameters() == null ? null : schema.parameters().get(name);
    }

    private static Schema decimal(int scale) {
        return DECIMALS.computeIfAbsent(scale, s -> Decimal.builder(s).optional().build());
    }

    /** One schema both values fit, for list elements; {@code a} is {@code null} before the first element. */
    private static Schema unify(Schema a, Schema b, String path) {
        if (a == null || a == NULL_ONLY) {
            return b;
        }
        if (b == NULL_ONLY) {
            return a;
        }
        // Containers merge before the equality shortcut: equal-looking structs may still hold NULL_ONLY fields.
        if (a.type() == Schema.Type.STRUCT && b.type() == Schema.Type.STRUCT && a.name() == null && b.name() == null) {
            Map<String, Schema> fields = new LinkedHashMap<>();
            a.fields().forEach(f -> fields.put(f.name(), f.schema()));
            for (Field f : b.fields()) {
                fields.merge(f.name(), f.schema(), (x, y) -> unify(x, y, path + "." + f.name()));
            }
            SchemaBuilder builder = SchemaBuilder.struct().optional();
            fields.forEach(builder::field);
            return builder.build();
        }
        if (a.type() == Schema.Type.ARRAY && b.type() == Schema.Type.ARRAY) {
            return SchemaBuilder.array(unify(a.valueSchema(), b.valueSchema(), path + "[]")).optional().build();
        }
        if (a.equals(b)) {
            return a;
        }
        if (isNumber(a) && isNumber(b)) {
            if (isFloating(a) || isFloating(b)) {
                return Schema.OPTIONAL_FLOAT64_SCHEMA;
            }
            if (isDecimal(a) || isDecimal(b)) {
                return Decimal.builder(Math.max(scale(a), scale(b))).optional().build();
            }
            return Schema.OPTIONAL_INT64_SCHEMA;
        }
        throw new UnencodableValueException("Field '" + path + "' is a " + javaType(b) + " in a list that already holds "
                + javaType(a) + " values; a list's elements must share one type (numbers may mix, maps may differ in fields)");
    }

    private static Object toConnect(Schema schema, Object value, String path) {
        if (value == null || value instanceof TypedNull) {
            return null;
        }
        String name = schema.name();
        if (Decimal.LOGICAL_NAME.equals(name)) {
            BigDecimal decimal = value instanceof BigDecimal d ? d
                    : value instanceof BigInteger i ? new BigDecimal(i) : BigDecimal.valueOf(((Number) value).longValue());
            return decimal.setScale(scale(schema));
        }
        if (Date.LOGICAL_NAME.equals(name)) {
            return new java.util.Date(((LocalDate) value).toEpochDay() * 86_400_000L);
        }
        if (Timestamp.LOGICAL_NAME.equals(name)) {
            return java.util.Date.from(switch (value) {
                case LocalDateTime t -> t.toInstant(ZoneOffset.UTC);
                case OffsetDateTime t -> t.toInstant();
                case ZonedDateTime t -> t.toInstant();
                default -> (Instant) value;
            });
        }
        if (Time.LOGICAL_NAME.equals(name)) {
            return new java.util.Date(((LocalTime) value).toNanoOfDay() / 1_000_000L);
        }
        return switch (schema.type()) {
            case INT32 -> ((Number) value).intValue();
            case INT64 -> ((Number) value).longValue();
            case FLOAT32 -> ((Number) value).floatValue();
            case FLOAT64 -> ((Number) value).doubleValue();
            case STRUCT -> toStruct(schema, (Map<?, ?>) value, path);
            case ARRAY -> {
                List<?> list = (List<?>) value;
                List<Object> out = new ArrayList<>(list.size());
                for (int i = 0; i < list.size(); i++) {
                    out.add(toConnect(schema.valueSchema(), list.get(i), path + "[" + i + "]"));
                }
                yield out;
            }
            default -> value;
        };
    }

    private static Struct toStruct(Schema schema, Map<?, ?> map, String path) {
        Struct struct = new Struct(schema);
        for (Field field : schema.fields()) {
            String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
            struct.put(field, toConnect(field.schema(), map.get(field.name()), fieldPath));
        }
        return struct;
    }

    private static Map<String, Object> withTemporalsAsText(Map<String, ?> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        row.forEach((name, value) -> out.put(name, temporalAsText(value)));
        return out;
    }

    private static Object temporalAsText(Object value) {
        return switch (value) {
            case LocalDate d -> DateTimeFormatter.ISO_LOCAL_DATE.format(d);
            case LocalDateTime t -> DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
            case LocalTime t -> DateTimeFormatter.ISO_LOCAL_TIME.format(t);
            case Instant t -> t.toString();
            case OffsetDateTime t -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
            case ZonedDateTime t -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
            case Map<?, ?> map -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(k, temporalAsText(v)));
                yield out;
            }
            case List<?> list -> list.stream().map(RowSchemas::temporalAsText).toList();
            case TypedNull ignored -> null;
            case null, default -> value;
        };
    }

    private static String fieldName(Object key, String path) {
        if (key instanceof String name) {
            return name;
        }
        throw new UnencodableValueException("Field '" + path + "' is a map with a "
                + (key == null ? "null" : key.getClass().getName()) + " key; maps are written as structs and need String keys");
    }

    private static Schema orString(Schema schema) {
        return schema == null ? NULL_ONLY : schema;
    }

    private static boolean isNumber(Schema s) {
        return isDecimal(s) || (s.name() == null && switch (s.type()) {
            case INT32, INT64, FLOAT32, FLOAT64 -> true;
            default -> false;
        });
    }

    private static boolean isFloating(Schema s) {
        return s.type() == Schema.Type.FLOAT32 || s.type() == Schema.Type.FLOAT64;
    }

    private static boolean isDecimal(Schema s) {
        return Decimal.LOGICAL_NAME.equals(s.name());
    }

    private static int scale(Schema s) {
        return isDecimal(s) ? Integer.parseInt(s.parameters().get(Decimal.SCALE_FIELD)) : 0;
    }

    private static String javaType(Schema s) {
        if (s.name() != null) {
            return switch (s.name()) {
                case Decimal.LOGICAL_NAME -> "BigDecimal";
                case Date.LOGICAL_NAME -> "LocalDate";
                case Time.LOGICAL_NAME -> "LocalTime";
                case Timestamp.LOGICAL_NAME -> s.equals(INSTANT) ? "Instant" : "LocalDateTime";
                default -> s.name();
            };
        }
        return switch (s.type()) {
            case INT32 -> "Integer";
            case INT64 -> "Long";
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
            case BOOLEAN -> "Boolean";
            case STRING -> "String";
            case BYTES -> "byte[]";
            case STRUCT, MAP -> "Map";
            case ARRAY -> "List";
            default -> s.type().toString();
        };
    }
}
