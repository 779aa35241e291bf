package io.tapflow.topology;

import io.tapflow.spec.FlowSpec;
import io.tapflow.spec.LookupStage;
import io.tapflow.spec.StageSpec;
import io.tapflow.topology.event.ChangeEvent;
import io.tapflow.topology.event.Operation;
import io.tapflow.topology.event.TypedNull;
import io.tapflow.topology.event.WireFormat;
import io.tapflow.topology.lookup.ChildGroup;
import io.tapflow.topology.lookup.ChildGroup.Child;
import io.tapflow.topology.lookup.RelationKey;
import io.tapflow.topology.lookup.TableRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TableJoined;
import org.apache.kafka.streams.kstream.ValueJoiner;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Compiles a flow with lookups into a Kafka Streams topology of tables and foreign-key joins, so that the wide
 * rows stay fresh when any table changes.
 *
 * <ul>
 *   <li>Each table (the flow's own, each looked-up one) becomes a table of its rows, keyed by its change topic's
 *       key, after its stages: the flow's stages before its first lookup, or the lookup's own stages.</li>
 *   <li>A lookup groups its child rows by their join value (the relation's child fields) into a
 *       {@link ChildGroup} per value, then joins the parent table to the groups with a KTable–KTable foreign-key
 *       join on the parent's relation fields. The join re-runs for a parent when the parent changes (also when it
 *       moves to another join value) and for every parent of a group when the group changes, which is what keeps
 *       embedded rows fresh; a child that arrives before its parent waits in its group.</li>
 *   <li>A nested lookup ({@code items.product}) is joined into the child table of the lookup at its parent path
 *       before that table is grouped, so a product change reaches each item, then each order.</li>
 *   <li>Stages after a lookup run on the wide rows; the last ones then go to the output topic, keyed by the
 *       source's primary key, a gone row as a tombstone.</li>
 * </ul>
 * Every node, store and internal topic is named {@code tapflow-<part>-…} after the table or lookup it serves
 * (for example {@code tapflow-lookup-3-items-groups}), so that a topology keeps its state when the flow is
 * restarted. State per lookup: the child table, the groups, the join's subscription store and the joined rows,
 * each with a changelog topic; the grouping and the join add repartition and subscription topics. (The last join
 * is stored too, though its rows only go on to the output: unstored, Kafka Streams would add a store of its own
 * under a generated name, which would change when the flow changes.)
 */
final class LookupTopology {

    private static final Serde<byte[]> BYTES = Serdes.ByteArray();

    private final FlowSpec flow;
    private final FlowTopics topics;
    private final WireFormat format;
    private final Map<String, String> env;
    private final StreamsBuilder builder = new StreamsBuilder();
    private final Map<String, KStream<byte[], byte[]>> changeStreams = new HashMap<>();
    private final List<LookupStage> lookups = new ArrayList<>();

    private LookupTopology(FlowSpec flow, FlowTopics topics, WireFormat format, Map<String, String> env) {
        this.flow = flow;
        this.topics = topics;
        this.format = format;
        this.env = env;
        lookups.addAll(flow.lookups());
    }

    /** Whether a flow needs this topology: whether it has a lookup. */
    static boolean needed(FlowSpec flow) {
        return !flow.lookups().isEmpty();
    }

    /** The topology of a validated flow with lookups. */
    static Topology build(FlowSpec flow, FlowTopics topics, WireFormat format, Map<String, String> env) {
        return new LookupTopology(flow, topics, format, env).build();
    }

    private Topology build() {
        List<StageSpec> stages = flow.stages();
        int first = 0;
        while (!(stages.get(first) instanceof LookupStage)) {
            first++;
        }
        KTable<byte[], TableRow> rows = table("root", flow.source().name(), topics.source(), stages.subList(0, first),
                "");
        List<StageSpec> pending = new ArrayList<>();
        int segment = 0;
        for (StageSpec stage : stages.subList(first, stages.size())) {
            if (stage instanceof LookupStage lookup) {
                if (!lookup.parentPath().isEmpty()) {
                    continue;
                }
                if (!pending.isEmpty()) {
                    rows = throughStages(rows, pending, ++segment);
                    pending.clear();
                }
                rows = join(rows, lookup);
            } else {
                pending.add(stage);
            }
        }
        String write = flow.target().name();
        KStream<byte[], FlowRecord> out = rows.toStream(Named.as("tapflow-wide-rows"))
                .processValues(() -> new WideRowProcessor(topics.source(), topics.output(), write, format,
                        steps(pending, "")), Named.as("tapflow-write"));
        withoutFailures(out, "tapflow-write")
                .map((key, record) -> KeyValue.pair(record.outputKey, record.outputValue), Named.as("tapflow-output"))
                .to(topics.output(), Produced.with(BYTES, BYTES).withName("tapflow-output-topic"));
        return builder.build();
    }

    /**
     * The rows of one table after its stages, keyed by the change topic's key. A null column keeps its type
     * ({@link TypedNull}) so that embedding the row does not change the output's schema.
     */
    private KTable<byte[], TableRow> table(String part, String readStage, String topic, List<StageSpec> stages,
                                           String stagePrefix) {
        KStream<byte[], byte[]> changes = changeStreams.computeIfAbsent(topic, t -> builder.stream(t,
                Consumed.with(BYTES, BYTES).withName("tapflow-read-" + changeStreams.size())));
        String name = "tapflow-" + part;
        KStream<byte[], FlowRecord> records = changes.processValues(
                () -> new TableChangesProcessor(readStage, format, steps(stages, stagePrefix)),
                Named.as(name + "-stages"));
        SourceColumns columns = SourceColumns.of(stages);
        return withoutFailures(records, name)
                .mapValues(record -> record.event.op() == Operation.DELETE ? null
                        : new TableRow(record.event.key(), typedNulls(record.event, columns)), Named.as(name + "-rows"))
                .toTable(Named.as(name + "-table"), stored(name + "-table", TableRow.serde()));
    }

    /** Wide rows through the stages between two lookups. */
    private KTable<byte[], TableRow> throughStages(KTable<byte[], TableRow> rows, List<StageSpec> stages, int segment) {
        String name = "tapflow-segment-" + segment;
        List<Supplier<Step>> steps = steps(stages, "");
        KStream<byte[], FlowRecord> records = rows.toStream(Named.as(name + "-in"))
                .processValues(() -> new WideRowProcessor(topics.source(), null, flow.target().name(), format, steps),
                        Named.as(name + "-stages"));
        return withoutFailures(records, name)
                .mapValues(record -> record.event.op() == Operation.DELETE ? null
                        : new TableRow(record.event.key(), record.event.after()), Named.as(name + "-rows"))
                .toTable(Named.as(name + "-table"), stored(name + "-table", TableRow.serde()));
    }

    /** The parent rows with one lookup's children embedded, kept fresh by a foreign-key join. */
    private KTable<byte[], TableRow> join(KTable<byte[], TableRow> parents, LookupStage lookup) {
        String name = "tapflow-lookup-" + (lookups.indexOf(lookup) + 1) + "-" + sanitized(lookup.path());
        List<String> parentFields = List.copyOf(lookup.relation().keySet());
        List<String> childFields = List.copyOf(lookup.relation().values());
        List<String> arrayKeys = lookup.arrayKeys();

        KTable<byte[], TableRow> children = table(name.substring("tapflow-".length()), lookup.name(),
                topics.lookup(lookup.table()), lookup.stages(), lookup.name() + "/");
        for (LookupStage nested : lookups) {
            if (!lookup.path().isEmpty() && nested.parentPath().equals(lookup.path())) {
                children = join(children, nested);
            }
        }
        KTable<byte[], ChildGroup> groups = children
                .groupBy((sourceKey, child) -> KeyValue.pair(RelationKey.of(child.row(), childFields),
                                new Child(sourceKey, order(child, arrayKeys), child.row())),
                        Grouped.with(name + "-by-relation", BYTES, ChildGroup.childSerde()))
                .aggregate(ChildGroup::empty,
                        (joinValue, child, group) -> group.with(child),
                        (joinValue, child, group) -> group.without(child.sourceKey()),
                        Named.as(name + "-grouping"), stored(name + "-groups", ChildGroup.serde()));

        Function<TableRow, byte[]> joinValue = parent -> RelationKey.of(parent.row(), parentFields);
        ValueJoiner<TableRow, ChildGroup, TableRow> embed = (parent, group) -> embed(lookup, parent, group);
        TableJoined<byte[], byte[]> joined = TableJoined.as(name + "-join");
        return lookup.inner()
                ? parents.join(groups, joinValue, embed, joined, stored(name + "-joined", TableRow.serde()))
                : parents.leftJoin(groups, joinValue, embed, joined, stored(name + "-joined", TableRow.serde()));
    }

    /**
     * The parent row with the group embedded: an object lookup takes the group's first child (merged into the
     * root, where a field the parent has keeps the parent's value, or as a sub-document at its field), an array
     * lookup all of them. Without a child the field is left out: an empty or null value would give the field
     * another type in the output's schema than it has when there are children. The child rows are embedded as they
     * are, not copied: each group is a fresh copy read from its store, and nothing changes a row once embedded.
     */
    static TableRow embed(LookupStage lookup, TableRow parent, ChildGroup group) {
        Map<String, Object> row = new LinkedHashMap<>(parent.row());
        String field = lookup.field();
        if (lookup.isArray()) {
            if (group == null) {
                row.remove(field);
            } else {
                List<Object> elements = new ArrayList<>(group.children().size());
                group.children().forEach(child -> elements.add(child.row()));
                row.put(field, elements);
            }
        } else if (lookup.path().isEmpty()) {
            if (group != null) {
                group.children().getFirst().row().forEach((name, value) -> {
                    if (!row.containsKey(name)) {
                        row.put(name, value);
                    }
                });
            }
        } else if (group == null) {
            row.remove(field);
        } else {
            row.put(field, group.children().getFirst().row());
        }
        return new TableRow(parent.key(), row);
    }

    /**
     * What orders a child in its array: its array keys' values, then (to break ties, and by default alone) its
     * primary key's values, so that the order never depends on how the key is encoded.
     */
    private static List<Object> order(TableRow child, List<String> arrayKeys) {
        List<Object> values = new ArrayList<>(arrayKeys.size() + child.key().size());
        for (String field : arrayKeys) {
            values.add(child.row().get(field));
        }
        values.addAll(child.key().values());
        return values;
    }

    /** Sends failed records to the dead-letter topic; the rest go on. */
    private KStream<byte[], FlowRecord> withoutFailures(KStream<byte[], FlowRecord> records, String name) {
        Map<String, KStream<byte[], FlowRecord>> branches = records.split(Named.as(name + "-"))
                .branch((key, record) -> record.failure != null, Branched.as("failed"))
                .defaultBranch(Branched.as("ok"));
        branches.get(name + "-failed")
                .process(() -> new DeadLetterProcessor(flow.name()), Named.as(name + "-dead-letter"))
                .to(topics.deadLetter(), Produced.with(BYTES, BYTES).withName(name + "-dead-letter-topic"));
        return branches.get(name + "-ok");
    }

    private List<Supplier<Step>> steps(List<StageSpec> stages, String namePrefix) {
        List<Supplier<Step>> steps = new ArrayList<>(stages.size());
        for (StageSpec stage : stages) {
            StageSpec named = namePrefix.isEmpty() ? stage : stage.withName(namePrefix + stage.name());
            steps.add(FlowTopology.steps(named, named.name(), env));
        }
        return steps;
    }

    /** The row with each null column that has a known type as a {@link TypedNull}. */
    private static Map<String, Object> typedNulls(ChangeEvent event, SourceColumns columns) {
        Map<String, Object> row = event.after();
        if (event.columnTypes().isEmpty()) {
            return row;
        }
        for (Map.Entry<String, Object> field : row.entrySet()) {
            if (field.getValue() == null) {
                String column = columns.columnOf(field.getKey());
                Schema type = column == null ? null : event.columnTypes().get(column);
                TypedNull typed = type == null ? null : TypedNull.of(type);
                if (typed != null) {
                    field.setValue(typed);
                }
            }
        }
        return row;
    }

    private static <V> Materialized<byte[], V, KeyValueStore<Bytes, byte[]>> stored(String name, Serde<V> values) {
        return Materialized.<byte[], V, KeyValueStore<Bytes, byte[]>>as(name).withKeySerde(BYTES).withValueSerde(values);
    }

    private static String sanitized(String path) {
        return path.isEmpty() ? "root" : path.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
