package io.tapflow.connect.mysql;

import java.util.List;

/**
 * A table of a MySQL or MariaDB database, as {@link MySqlSourceCheck#table} found it.
 *
 * @param name the table's name
 * @param columns its columns, in table order
 * @param primaryKey its primary-key columns, in key order; empty when the table has none
 */
public record MySqlTable(String name, List<String> columns, List<String> primaryKey) {

    public MySqlTable {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }
}
