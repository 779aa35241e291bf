package io.tapflow.topology;

import io.tapflow.spec.FlowSpec;
import java.util.Map;

/**
 * The Kafka topics one flow uses.
 *
 * @param source the change topic the flow reads (written by Debezium)
 * @param output the flow's output topic: one record per source row, keyed by its primary key;
 *     a tombstone deletes
 * @param deadLetter where records that fail a stage go, unchanged, with headers saying why
 * @param lookups for each table the flow looks up ({@code <datasource>.<table>}), its change topic
 */
public record FlowTopics(String source, String output, String deadLetter, Map<String, String> lookups) {

    /** Prefix of every topic TapFlow names, so its topics sort together and never clash with others. */
    public static final String PREFIX = "tapflow.";

    public FlowTopics {
        lookups = lookups == null ? Map.of() : Map.copyOf(lookups);
    }

    /** The topics of a flow without lookups. */
    public FlowTopics(String source, String output, String deadLetter) {
        this(source, output, deadLetter, Map.of());
    }

    /** These topics, with the change topic of a table the flow looks up. */
    public FlowTopics withLookup(String table, String changeTopic) {
        Map<String, String> more = new java.util.HashMap<>(lookups);
        more.put(table, changeTopic);
        return new FlowTopics(source, output, deadLetter, more);
    }

    /**
     * The change topic of a looked-up table.
     *
     * @throws IllegalArgumentException if none was given
     */
    public String lookup(String table) {
        String topic = lookups.get(table);
        if (topic == null) {
            throw new IllegalArgumentException("no change topic given for looked-up table '" + table + "' (given: "
                    + lookups.keySet() + "); FlowTopics.withLookup(table, topic) gives one");
        }
        return topic;
    }

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
