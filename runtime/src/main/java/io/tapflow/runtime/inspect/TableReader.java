package io.tapflow.runtime.inspect;

import io.tapflow.DataSource;
import io.tapflow.Secret;
import io.tapflow.connect.mongodb.MongoSinkConnectorConfig;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads back what a data source holds, for {@code peek} and {@code count}: the same calls for a MySQL table
 * ({@link MySqlTableReader}) and a MongoDB collection ({@link MongoDbTableReader}). A reader holds one
 * connection to the data source's server until it is closed. It reads; it never writes.
 *
 * <p>A table that does not exist is refused with an {@link IllegalArgumentException} that lists the
 * tables there are. Errors never show a password.
 */
public interface TableReader extends AutoCloseable {

    /**
     * Opens a reader on a data source.
     *
     * @param mongoConnectionString the connection string of a mongodb data source, which may be the embedded
     *     stack's server (see {@code TapFlow.mongoConnectionString})
     * @throws IllegalStateException if the server cannot be reached or refuses the saved credentials
     */
    static TableReader open(DataSource source, Function<DataSource, Secret> mongoConnectionString) {
        return switch (source.kind()) {
            case MYSQL -> MySqlTableReader.open(source);
            case MONGODB -> MongoDbTableReader.open(source.name(), mongoConnectionString.apply(source),
                    MongoSinkConnectorConfig.database(source));
        };
    }

    /** The name of the data source read. */
    String dataSource();

    /** The tables (collections) of the data source's database, sorted by name. */
    List<String> tables();

    /**
     * How many records the table holds.
     *
     * @throws IllegalArgumentException if the database has no such table, naming those it has
     */
    long count(String table);

    /**
     * The table's first {@code n} records in key order (primary key, or {@code _id}), as plain Java values
     * (see {@link Peek}).
     *
     * @throws IllegalArgumentException if the database has no such table, or {@code n} is negative
     */
    List<Map<String, Object>> first(String table, int n);

    /** {@link #count(String)} and {@link #first(String, int)} together, as the original's {@code peek} shows them. */
    default Peek peek(String table, int n) {
        return new Peek(dataSource() + "." + table, count(table), first(table, n));
    }

    /** Closes the connection. */
    @Override
    void close();
}
