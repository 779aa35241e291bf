package io.tapflow.topology.event;

/** Schema names and parameters that give a Connect type its meaning, shared by the decoder and the writer. */
final class SemanticTypes {

    static final String DATE = "io.debezium.time.Date";
    static final String TIMESTAMP = "io.debezium.time.Timestamp";
    static final String MICRO_TIMESTAMP = "io.debezium.time.MicroTimestamp";
    static final String NANO_TIMESTAMP = "io.debezium.time.NanoTimestamp";
    static final String ZONED_TIMESTAMP = "io.debezium.time.ZonedTimestamp";
    static final String TIME = "io.debezium.time.Time";
    static final String MICRO_TIME = "io.debezium.time.MicroTime";
    static final String NANO_TIME = "io.debezium.time.NanoTime";
    static final String YEAR = "io.debezium.time.Year";
    static final String JSON = "io.debezium.data.Json";
    static final String ENUM = "io.debezium.data.Enum";
    static final String ENUM_SET = "io.debezium.data.EnumSet";
    static final String VARIABLE_SCALE_DECIMAL = "io.debezium.data.VariableScaleDecimal";

    static final String ENUM_ALLOWED = "allowed";
    static final String DECIMAL_PRECISION = "connect.decimal.precision";
    static final String SOURCE_COLUMN_TYPE = "__debezium.source.column.type";
    static final String SOURCE_COLUMN_LENGTH = "__debezium.source.column.length";

    /**
     * Our own marker on a Connect Timestamp: the value was an instant (not a zone-less date-time), so decoding
     * gives back an {@code Instant}. Consumers that do not know it still see a plain Timestamp.
     */
    static final String TEMPORAL = "tapflow.temporal";
    static final String TEMPORAL_INSTANT = "instant";

    private SemanticTypes() {
    }
}
