package io.tapflow.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One end of a flow: the table it reads or the table/collection it writes, and that stage's name.
 *
 * @param name the stage's user-visible name (by default {@code read:<table>} or {@code write:<table>})
 * @param table {@code <datasource>.<table>}, for example {@code MySQL_ECommerce.ecom_orders}
 * @param pk for a target only: the output fields that key its documents instead of the source's primary key
 *     (the original's {@code write_to(sink, pk=...)}); empty for the source's primary key
 */
@JsonPropertyOrder({"name", "table", "pk"})
public record EndpointSpec(String name, String table, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> pk) {

    /** An empty {@code pk} means the source's primary key. */
    public EndpointSpec {
        pk = pk == null ? List.of() : List.copyOf(pk);
    }

    /** An endpoint keyed by the source's primary key. */
    public EndpointSpec(String name, String table) {
        this(name, table, List.of());
    }

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
