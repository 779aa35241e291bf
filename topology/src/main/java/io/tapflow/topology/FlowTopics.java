package io.tapflow.topology;

import io.tapflow.spec.FlowSpec;

/**
 * The Kafka topics one flow uses.
 *
 * @param source the change topic the flow reads (written by Debezium)
 * @param output the flow's output topic: one record per source row, keyed by its primary key;
 *     a tombstone deletes
 * @param deadLetter where records that fail a stage go, unchanged, with headers saying why
 */
public record FlowTopics(String source, String output, String deadLetter) {

    /** Prefix of every topic TapFlow names, so its topics sort together and never clash with others. */
    public static final String PREFIX = "tapflow.";

    /**
     * The default topics for a flow reading {@code sourceTopic}: {@code tapflow.flow.<name>} for the
     * output and {@code tapflow.flow.<name>.dead-letter} for rejected records.
     */
    public static FlowTopics of(FlowSpec spec, String sourceTopic) {
        String output = PREFIX + "flow." + spec.name();
        return new FlowTopics(sourceTopic, output, output + ".dead-letter");
    }

    /**
     * The topic Debezium writes a table's changes to when its {@code topic.prefix} is
     * {@code tapflow.<datasource>}: {@code tapflow.<datasource>.<database>.<table>}.
     */
    public static String changeTopic(String dataSource, String database, String table) {
        return PREFIX + dataSource + "." + database + "." + table;
    }
}
