package io.tapflow.topology.event;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;

/**
 * Writes the records Debezium's MySQL connector (3.5, default settings) would write for one table through
 * Connect's {@code JsonConverter}: the same key and envelope schemas, source block and value encodings (see
 * {@link ColumnType}). Used by tests, the benchmark and {@code FlowTestDriver} to feed flows without a
 * database.
 *
 * <p>Timestamps come from the system clock; the binlog position increases with every event. Safe for
 * concurrent use.
 */
public final class DebeziumTable {

    private static final String CONNECTOR_VERSION = "3.5.0.Final";
    private static final long SERVER_ID = 223344L;
    private static final String BINLOG_FILE = "mysql-bin.000003";
    private static final String SNAPSHOT_MARKERS = "true,first,first_in_data_collection,last_in_data_collection,last,false,incremental";

    private final String topicPrefix;
    private final String database;
    private final String table;
    private final Map<String, ColumnType> columns;
    private final List<String> primaryKey;
    private final Schema keySchema;
    private final Schema rowSchema;
    private final Schema sourceSchema;
    private final Schema envelopeSchema;
    private final JsonConverter keyConverter;
    private final JsonConverter valueConverter;
    private final AtomicLong binlogPosition = new AtomicLong(157L);

    private DebeziumTable(Builder builder) {
        this.topicPrefix = builder.topicPrefix;
        this.database = builder.database;
        this.table = builder.table;
        this.columns = Map.copyOf(builder.columns);
        this.primaryKey = List.copyOf(builder.primaryKey);
        String prefix = topicPrefix + "." + database + "." + table;

        SchemaBuilder key = SchemaBuilder.struct().name(prefix + ".Key");
        primaryKey.forEach(column -> key.field(column, builder.columns.get(column).schema(false)));
        this.keySchema = key.build();

        SchemaBuilder row = SchemaBuilder.struct().name(prefix + ".Value").optional();
        builder.columns.forEach((column, type) -> row.field(column, type.schema(!primaryKey.contains(column))));
        this.rowSchema = row.build();

        this.sourceSchema = SchemaBuilder.struct().name("io.debezium.connector.mysql.Source").version(1)
                .field("version", Schema.STRING_SCHEMA)
                .field("connector", Schema.STRING_SCHEMA)
                .field("name", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.INT64_SCHEMA)
                .field("snapshot", SchemaBuilder.string().optional().name(SemanticTypes.ENUM).version(1)
                        .parameter(SemanticTypes.ENUM_ALLOWED, SNAPSHOT_MARKERS).defaultValue("false").build())
                .field("db", Schema.STRING_SCHEMA)
                .field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
                .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
                .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
                .field("table", Schema.OPTIONAL_STRING_SCHEMA)
                .field("server_id", Schema.INT64_SCHEMA)
                .field("gtid", Schema.OPTIONAL_STRING_SCHEMA)
                .field("file", Schema.STRING_SCHEMA)
                .field("pos", Schema.INT64_SCHEMA)
                .field("row", Schema.INT32_SCHEMA)
                .field("thread", Schema.OPTIONAL_INT64_SCHEMA)
                .field("query", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        Schema transaction = SchemaBuilder.struct().name("event.block").version(1).optional()
                .field("id", Schema.STRING_SCHEMA)
                .field("total_order", Schema.INT64_SCHEMA)
                .field("data_collection_order", Schema.INT64_SCHEMA)
                .build();
        this.envelopeSchema = SchemaBuilder.struct().name(prefix + ".Envelope").version(2)
                .field("before", rowSchema)
                .field("after", rowSchema)
                .field("source", sourceSchema)
                .field("transaction", transaction)
                .field("op", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
                .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
                .build();

        this.keyConverter = converter(builder.schemas, true);
        this.valueConverter = converter(builder.schemas, false);
    }

    /** Debezium's converter settings as a Connect worker has them by default (decimals as base64). */
    private static JsonConverter converter(boolean schemas, boolean isKey) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, Boolean.toString(schemas)), isKey);
        return converter;
    }

    /**
     * Starts describing a table.
     *
     * @param topicPrefix the connector's {@code topic.prefix}
     */
    public static Builder builder(String topicPrefix, String database, String table) {
        return new Builder(topicPrefix, database, table);
    }

    /** The table's topic with Debezium's default naming: {@code <topicPrefix>.<database>.<table>}. */
    public String topic() {
        return topicPrefix + "." + database + "." + table;
    }

    /** A row read by the initial snapshot: one record with op {@code r}. */
    public List<RawRecord> snapshot(Map<String, ?> row) {
        Struct after = row(row, "row");
        return List.of(record(key(after), "r", null, after, true));
    }

    /** An inserted row: one record with op {@code c}. */
    public List<RawRecord> insert(Map<String, ?> row) {
        Struct after = row(row, "row");
        return List.of(record(key(after), "c", null, after, false));
    }

    /**
     * An updated row: one record with op {@code u}. When the primary key changed, Debezium instead writes a
     * delete under the old key, a tombstone for it and a create under the new key; so does this.
     */
    public List<RawRecord> update(Map<String, ?> before, Map<String, ?> after) {
        Struct oldRow = row(before, "before");
        Struct newRow = row(after, "after");
        Struct oldKey = key(oldRow);
        Struct newKey = key(newRow);
        if (Objects.equals(oldKey, newKey)) {
            return List.of(record(oldKey, "u", oldRow, newRow, false));
        }
        return List.of(record(oldKey, "d", oldRow, null, false), tombstone(oldKey), record(newKey, "c", null, newRow, false));
    }

    /** A deleted row: a record with op {@code d}, then a tombstone for its key. */
    public List<RawRecord> delete(Map<String, ?> before) {
        Struct oldRow = row(before, "before");
        Struct key = key(oldRow);
        return List.of(record(key, "d", oldRow, null, false), tombstone(key));
    }

    private Struct row(Map<String, ?> values, String what) {
        Objects.requireNonNull(values, what);
        for (String column : values.keySet()) {
            if (!columns.containsKey(column)) {
                throw new IllegalArgumentException("Table " + database + "." + table + " has no column '" + column
                        + "'; its columns are " + rowSchema.fields().stream().map(f -> f.name()).toList());
            }
        }
        Struct row = new Struct(rowSchema);
        for (var field : rowSchema.fields()) {
            Object value = values.get(field.name());
            if (value == null && primaryKey.contains(field.name())) {
                throw new IllegalArgumentException("Primary-key column '" + field.name() + "' of " + database + "."
                        + table + " is null in the " + what);
            }
            row.put(field, columns.get(field.name()).encode(field.name(), value));
        }
        return row;
    }

    /** Tables without a primary key have {@code null} keys, as Debezium writes them. */
    private Struct key(Struct row) {
        if (primaryKey.isEmpty()) {
            return null;
        }
        Struct key = new Struct(keySchema);
        primaryKey.forEach(column -> key.put(column, row.get(column)));
        return key;
    }

    private RawRecord record(Struct key, String op, Struct before, Struct after, boolean snapshot) {
        Instant now = Instant.now();
        long eventMs = snapshot ? now.toEpochMilli() : now.truncatedTo(ChronoUnit.SECONDS).toEpochMilli();
        Struct source = new Struct(sourceSchema)
                .put("version", CONNECTOR_VERSION)
                .put("connector", "mysql")
                .put("name", topicPrefix)
                .put("ts_ms", eventMs)
                .put("snapshot", snapshot ? "true" : "false")
                .put("db", database)
                .put("ts_us", eventMs * 1_000L)
                .put("ts_ns", eventMs * 1_000_000L)
                .put("table", table)
                .put("server_id", snapshot ? 0L : SERVER_ID)
                .put("file", BINLOG_FILE)
                .put("pos", snapshot ? binlogPosition.get() : binlogPosition.getAndAdd(400L))
                .put("row", 0)
                .put("thread", snapshot ? null : 7L);
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, now);
        Struct envelope = new Struct(envelopeSchema)
                .put("before", before)
                .put("after", after)
                .put("source", source)
                .put("op", op)
                .put("ts_ms", micros / 1_000L)
                .put("ts_us", micros)
                .put("ts_ns", micros * 1_000L);
        String topic = topic();
        return new RawRecord(keyBytes(key), valueConverter.fromConnectData(topic, envelopeSchema, envelope));
    }

    private RawRecord tombstone(Struct key) {
        return new RawRecord(keyBytes(key), null);
    }

    private byte[] keyBytes(Struct key) {
        return key == null ? null : keyConverter.fromConnectData(topic(), keySchema, key);
    }

    /** Describes a table's columns and primary key; not thread-safe, use from one thread. */
    public static final class Builder {

        private final String topicPrefix;
        private final String database;
        private final String table;
        private final Map<String, ColumnType> columns = new LinkedHashMap<>();
        private final List<String> primaryKey = new ArrayList<>();
        private boolean schemas = true;

        private Builder(String topicPrefix, String database, String table) {
            this.topicPrefix = Objects.requireNonNull(topicPrefix, "topicPrefix");
            this.database = Objects.requireNonNull(database, "database");
            this.table = Objects.requireNonNull(table, "table");
        }

        /** Adds a column; columns keep the order they are added in, as in the table definition. */
        public Builder column(String name, ColumnType type) {
            if (columns.putIfAbsent(Objects.requireNonNull(name, "name"), Objects.requireNonNull(type, "type")) != null) {
                throw new IllegalArgumentException("Column '" + name + "' is declared twice in " + database + "." + table);
            }
            return this;
        }

        /** The primary-key columns, in key order. Without one, records have {@code null} keys. */
        public Builder primaryKey(String... columnNames) {
            primaryKey.clear();
            primaryKey.addAll(List.of(columnNames));
            return this;
        }

        /** Whether records carry their schema (JsonConverter {@code schemas.enable}); default {@code true}. */
        public Builder schemas(boolean jsonSchemasEnabled) {
            this.schemas = jsonSchemasEnabled;
            return this;
        }

        /**
         * The table writer.
         *
         * @throws IllegalArgumentException if there are no columns or a primary-key column is not declared
         */
        public DebeziumTable build() {
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("Table " + database + "." + table + " has no columns");
            }
            for (String column : primaryKey) {
                if (!columns.containsKey(column)) {
                    throw new IllegalArgumentException("Primary-key column '" + column + "' is not a column of "
                            + database + "." + table + "; declare it with column(...) first");
                }
            }
            return new DebeziumTable(this);
        }
    }
}
