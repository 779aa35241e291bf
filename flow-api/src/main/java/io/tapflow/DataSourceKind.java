package io.tapflow;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of database a {@link DataSource} can connect to. */
public enum DataSourceKind {
    /** MySQL or MariaDB, read through Debezium change data capture. */
    MYSQL("mysql"),
    /** MongoDB (or a server that speaks its wire protocol), written by the MongoDB sink connector. */
    MONGODB("mongodb");

    private final String id;

    DataSourceKind(String id) {
        this.id = id;
    }

    /** The kind's name as users write it: {@code mysql}, {@code mongodb}. */
    public String id() {
        return id;
    }

    /**
     * The kind with this name, case-insensitive.
     *
     * @throws DataSourceDefinitionException naming the kinds TapFlow knows
     */
    public static DataSourceKind of(String id) {
        for (DataSourceKind kind : values()) {
            if (kind.id.equals(id == null ? null : id.strip().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new DataSourceDefinitionException(null, "unknown data source kind '" + id + "'. Fix: use one of "
                + Arrays.stream(values()).map(DataSourceKind::id).collect(Collectors.joining(", ")) + ".");
    }

    @Override
    public String toString() {
        return id;
    }
}
