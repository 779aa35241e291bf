package io.tapflow.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One end of a flow: the table it reads or the table/collection it writes, and that stage's name.
 *
 * @param name the stage's user-visible name (by default {@code read:<table>} or {@code write:<table>})
 * @param table {@code <datasource>.<table>}, for example {@code MySQL_ECommerce.ecom_orders}
 */
@JsonPropertyOrder({"name", "table"})
public record EndpointSpec(String name, String table) {

    /** The data source part of {@link #table()}: everything before the first dot. */
    @JsonIgnore
    public String dataSource() {
        int dot = table == null ? -1 : table.indexOf('.');
        return dot < 0 ? table : table.substring(0, dot);
    }

    /** The table part of {@link #table()}: everything after the first dot. */
    @JsonIgnore
    public String tableName() {
        int dot = table == null ? -1 : table.indexOf('.');
        return dot < 0 ? "" : table.substring(dot + 1);
    }
}
