package io.tapflow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row as a Java stage ({@link FlowStageStep#map(RecordFunction)}, {@link FlowStageStep#filter(RecordPredicate)})
 * sees it: its fields in column order, and the change it comes from ({@link #change()}).
 *
 * <p>Immutable: {@link #with(String, Object)} and {@link #without(String...)} return a new row. Values have
 * the Java types the flow decodes (see the README): {@code String}, {@code Integer}/{@code Long},
 * {@code Double}, exact {@code BigDecimal}, {@code Boolean}, {@code LocalDate}/{@code LocalDateTime}/
 * {@code Instant}, nested {@code Map}s and {@code List}s for JSON columns, or {@code null}.
 */
public final class Row {

    private final Map<String, Object> fields;
    private final RowChange change;

    private Row(Map<String, Object> fields, RowChange change) {
        this.fields = fields;
        this.change = change;
    }

    /** A row with these fields, as an insert into no particular table: for tests of a function. */
    public static Row of(Map<String, ?> fields) {
        return of(fields, RowChange.insert());
    }

    /** A row with these fields, coming from this change. */
    public static Row of(Map<String, ?> fields, RowChange change) {
        return new Row(Collections.unmodifiableMap(new LinkedHashMap<>(fields)), Objects.requireNonNull(change));
    }

    /** The fields, in order; unmodifiable. */
    public Map<String, Object> fields() {
        return fields;
    }

    /** The value of a field, or {@code null} if the row has no such field (or it is null). */
    public Object get(String field) {
        return fields.get(field);
    }

    /** Whether the row has this field (its value may be null). */
    public boolean has(String field) {
        return fields.containsKey(field);
    }

    /** This row with a field set: replaced in place if it exists, appended otherwise. */
    public Row with(String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(fields);
        copy.put(Objects.requireNonNull(field, "field"), value);
        return new Row(Collections.unmodifiableMap(copy), change);
    }

    /** This row without these fields. */
    public Row without(String... names) {
        Map<String, Object> copy = new LinkedHashMap<>(fields);
        for (String name : names) {
            copy.remove(name);
        }
        return new Row(Collections.unmodifiableMap(copy), change);
    }

    /** The change this row comes from: operation, before image, table, position, event time, env. */
    public RowChange change() {
        return change;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Row that && fields.equals(that.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return "Row" + fields;
    }
}
