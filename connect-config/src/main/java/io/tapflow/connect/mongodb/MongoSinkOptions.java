package io.tapflow.connect.mongodb;

import java.util.List;

/**
 * The optional settings of a flow's MongoDB sink connector; see {@link MongoSinkConnectorConfig}. Start from
 * {@link #defaults()} and change what differs, e.g. {@code MongoSinkOptions.defaults().tasksMax(3)}.
 *
 * @param tasksMax how many sink tasks write in parallel (at most one per partition of the output topic);
 *     default 1
 * @param deadLetterReplicationFactor the replication factor Connect creates the sink dead-letter topic with;
 *     default 1, for a single broker
 * @param maxBatchSize the most records the sink writes in one bulk write; default 500
 * @param keyColumns the columns of the flow's output key (the source table's primary key), when known: a
 *     single column makes the document's {@code _id} that column's value; otherwise (several columns, or
 *     none given) {@code _id} is the key as a sub-document. Default: none given
 */
public record MongoSinkOptions(int tasksMax, int deadLetterReplicationFactor, int maxBatchSize,
                               List<String> keyColumns) {

    private static final MongoSinkOptions DEFAULTS = new MongoSinkOptions(1, 1, 500, List.of());

    public MongoSinkOptions {
        requirePositive("tasksMax", tasksMax);
        requirePositive("deadLetterReplicationFactor", deadLetterReplicationFactor);
        requirePositive("maxBatchSize", maxBatchSize);
        keyColumns = keyColumns == null ? List.of() : List.copyOf(keyColumns);
    }

    /** One task, dead-letter replication factor 1, batches of at most 500 records, key columns not given. */
    public static MongoSinkOptions defaults() {
        return DEFAULTS;
    }

    /** These options with {@code tasksMax} sink tasks. */
    public MongoSinkOptions tasksMax(int tasks) {
        return new MongoSinkOptions(tasks, deadLetterReplicationFactor, maxBatchSize, keyColumns);
    }

    /** These options with the sink dead-letter topic created at {@code replicationFactor}. */
    public MongoSinkOptions deadLetterReplicationFactor(int replicationFactor) {
        return new MongoSinkOptions(tasksMax, replicationFactor, maxBatchSize, keyColumns);
    }

    /** These options with bulk writes of at most {@code records} records. */
    public MongoSinkOptions maxBatchSize(int records) {
        return new MongoSinkOptions(tasksMax, deadLetterReplicationFactor, records, keyColumns);
    }

    /** These options with the output key's columns, in key order; see {@link #keyColumns()}. */
    public MongoSinkOptions keyColumns(List<String> columns) {
        return new MongoSinkOptions(tasksMax, deadLetterReplicationFactor, maxBatchSize, columns);
    }

    private static void requirePositive(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("MongoDB sink option " + option + " must be at least 1, not " + value);
        }
    }
}
