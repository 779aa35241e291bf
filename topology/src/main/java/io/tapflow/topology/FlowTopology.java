package io.tapflow.topology;

import io.tapflow.spec.FlowSpec;
import io.tapflow.spec.FlowSpecs;
import io.tapflow.spec.StageSpec;
import io.tapflow.topology.event.WireFormat;
import io.tapflow.topology.stage.FunctionStage;
import io.tapflow.topology.stage.RowStage;
import io.tapflow.topology.stage.Stages;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;

/**
 * Compiles a flow into a Kafka Streams {@link Topology}.
 *
 * <p>The topology is one chain of processors named after the flow's stages:
 * {@code read:<table>} decodes Debezium change events, one processor per stage transforms the new
 * image of each row, and {@code write:<table>} encodes the result to the output topic, keyed by the
 * source primary key (a delete becomes a tombstone). Any processor can hand a record to
 * {@code dead-letter}, which writes the source record unchanged to the dead-letter topic with
 * headers naming the flow, stage, error and source position ({@link DeadLetterHeaders}).
 * No processor keeps state, so the topology scales with the source topic's partitions.
 */
public final class FlowTopology {

    // Internal node names use the prefix that FlowChecker reserves, so no stage name can clash.
    static final String SOURCE = "tapflow:source";
    static final String DEAD_LETTER = "tapflow:dead-letter";
    static final String OUTPUT = "tapflow:output";
    static final String DEAD_LETTER_SINK = "tapflow:dead-letter-topic";

    private FlowTopology() {
    }

    /**
     * Builds the topology of a flow.
     *
     * @param spec the flow; validated again here, since a spec may come from a file
     * @param topics the topics it reads and writes
     * @param format how records are encoded on those topics
     */
    public static Topology build(FlowSpec spec, FlowTopics topics, WireFormat format) {
        return build(spec, topics, format, Map.of());
    }

    /**
     * Builds the topology of a flow whose functions see {@code env} as {@code context.env} (Python,
     * JavaScript) or {@code row.change().env()} (Java): the values the flow is started with.
     *
     * <p>Python and JavaScript stages are parsed here, once; each stream task creates its own context for
     * them when it starts (warm before its first record) and closes it when it stops.
     *
     * @throws IllegalArgumentException if a Java stage's class cannot be loaded
     */
    public static Topology build(FlowSpec spec, FlowTopics topics, WireFormat format, Map<String, String> env) {
        FlowSpec flow = FlowSpecs.validate(spec);
        Map<String, String> environment = Map.copyOf(env);
        if (LookupTopology.needed(flow)) {
            return LookupTopology.build(flow, topics, format, environment);
        }
        String source = SOURCE;
        String read = flow.source().name();
        String write = flow.target().name();
        List<StageSpec> stages = flow.stages();

        Topology topology = new Topology();
        topology.addSource(source, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.source());
        String first = stages.isEmpty() ? write : stages.getFirst().name();
        topology.addProcessor(read, () -> new DecodeProcessor(read, first, format), source);
        String previous = read;
        for (int i = 0; i < stages.size(); i++) {
            String next = i + 1 < stages.size() ? stages.get(i + 1).name() : write;
            String name = stages.get(i).name();
            Supplier<Step> step = steps(stages.get(i), name, environment);
            topology.addProcessor(name, () -> new StepProcessor(step.get(), next), previous);
            previous = name;
        }
        SourceColumns sourceColumns = SourceColumns.of(stages);
        List<String> targetKey = flow.target().pk();
        topology.addProcessor(write, () -> new EncodeProcessor(write, topics.output(), format, sourceColumns, targetKey),
                previous);
        topology.addSink(OUTPUT, topics.output(), new ByteArraySerializer(), new ByteArraySerializer(), write);

        String[] all = allProcessors(read, stages, write);
        topology.addProcessor(DEAD_LETTER, () -> new DeadLetterProcessor(flow.name()), all);
        topology.addSink(DEAD_LETTER_SINK, topics.deadLetter(), new ByteArraySerializer(),
                new ByteArraySerializer(), DEAD_LETTER);
        return topology;
    }

    /**
     * Makes the steps of a stage, one per stream task. Stateless stages keep no state and are thread-safe, so
     * every task shares one compiled stage; a function stage gives each task its own instance.
     *
     * @param metricsName the name the stage's metrics carry
     */
    static Supplier<Step> steps(StageSpec spec, String metricsName, Map<String, String> env) {
        if (Stages.isFunction(spec)) {
            FunctionStage stage = Stages.function(spec);
            return () -> new FunctionStep(stage, metricsName, env);
        }
        RowStage stage = Stages.compile(spec);
        RowStageStep step = new RowStageStep(stage);
        return () -> step;
    }

    private static String[] allProcessors(String read, List<StageSpec> stages, String write) {
        String[] names = new String[stages.size() + 2];
        names[0] = read;
        for (int i = 0; i < stages.size(); i++) {
            names[i + 1] = stages.get(i).name();
        }
        names[names.length - 1] = write;
        return names;
    }
}
