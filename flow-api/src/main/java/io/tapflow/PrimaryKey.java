package io.tapflow;

import java.util.List;

/**
 * The fields a flow's target is keyed by, when not the source table's primary key:
 * {@code writeTo("MongoDB_ECommerce.customers", PrimaryKey.of("customer_unique_id"))} (the original's
 * {@code write_to(sink, pk=[...])}). One field makes the document's {@code _id} that field's value; several
 * make it a sub-document. Rows with the same key values become one document; a change of a key value moves
 * the row to its new document.
 *
 * @param fields output fields, in key order; each must come from a source column (renamed or not)
 */
public record PrimaryKey(List<String> fields) {

    public PrimaryKey {
        fields = List.copyOf(fields);
    }

    /** The target keyed by these output fields. */
    public static PrimaryKey of(String... fields) {
        return new PrimaryKey(List.of(fields));
    }
}
