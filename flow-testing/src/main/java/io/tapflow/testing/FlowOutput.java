package io.tapflow.testing;

import java.util.Map;

/**
 * One record a flow wrote to its output topic: an upsert of a whole document, or a delete.
 *
 * @param key the source primary key, e.g. {@code {order_id=o1}}
 * @param document the whole transformed row, or {@code null} for a delete
 */
public record FlowOutput(Map<String, Object> key, Map<String, Object> document) {

    /** Whether this record inserts or replaces the document with this key. */
    public boolean isUpsert() {
        return document != null;
    }

    /** Whether this record deletes the document with this key. */
    public boolean isDelete() {
        return document == null;
    }

    @Override
    public String toString() {
        return isDelete() ? "delete " + key : "upsert " + key + " " + document;
    }
}
