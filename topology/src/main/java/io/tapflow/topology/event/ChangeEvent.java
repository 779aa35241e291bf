package io.tapflow.topology.event;

import java.util.Map;
import org.apache.kafka.connect.data.Schema;

/**
 * One row change read from a Debezium change event topic, with every value already converted to its Java
 * type (see {@link WireFormat} for the type mapping).
 *
 * <p>The maps are mutable {@link java.util.LinkedHashMap}s in the table's column order, owned by whoever
 * holds the event: flow stages edit {@code after} in place. The record itself keeps no other state.
 *
 * @param op     what happened to the row
 * @param key    the primary-key columns; empty for a table without a primary key
 * @param before the row before the change; {@code null} for snapshot reads and inserts
 * @param after  the row after the change; {@code null} for deletes
 * @param source Debezium's {@code source} block (connector, db, table, binlog file and position, ...)
 * @param tsMs   when Debezium processed the event (envelope {@code ts_ms}); falls back to
 *               {@code source.ts_ms}, then 0, when the envelope has none
 * @param columnTypes for each column of the table, the Connect schema its values are written with
 *               (what {@link WireFormat#encodeValue} infers from a non-null value), so that a column that
 *               is {@code null} in one row keeps its type; empty when the format carries no types, and
 *               without the columns whose type depends on the value (JSON, variable-scale decimals)
 */
public record ChangeEvent(Operation op, Map<String, Object> key, Map<String, Object> before,
                          Map<String, Object> after, Map<String, Object> source, long tsMs,
                          Map<String, Schema> columnTypes) {

    /** A change event whose column types are unknown. */
    public ChangeEvent(Operation op, Map<String, Object> key, Map<String, Object> before,
                       Map<String, Object> after, Map<String, Object> source, long tsMs) {
        this(op, key, before, after, source, tsMs, Map.of());
    }

    /**
     * This change as a delete of its row, with the same key, before image and source: what a stage makes of an
     * update it drops, so that a row that matched before does not stay in the target.
     */
    public ChangeEvent asDelete() {
        return new ChangeEvent(Operation.DELETE, key, before, null, source, tsMs, columnTypes);
    }
}
