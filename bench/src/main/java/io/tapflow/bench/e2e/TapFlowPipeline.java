package io.tapflow.bench.e2e;

import io.tapflow.DataSource;
import io.tapflow.Flow;
import io.tapflow.connect.debezium.MySqlSourceConnectorConfig;
import io.tapflow.connect.mongodb.MongoSinkConnectorConfig;
import io.tapflow.connect.mongodb.MongoSinkOptions;
import io.tapflow.connect.mysql.MySqlSourceCheck;
import io.tapflow.runtime.capture.ChangeCapture;
import io.tapflow.spec.FlowSpec;
import io.tapflow.topology.FlowStreamsConfig;
import io.tapflow.topology.FlowTopics;
import io.tapflow.topology.FlowTopology;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * TapFlow: Debezium → change topic → the flow's stages in Kafka Streams (exactly-once) → output topic →
 * MongoDB sink. The same parts, with the same configs, that {@code flow.start()} starts
 * ({@code FlowRunner}): the product's Debezium config, {@link FlowStreamsConfig}, {@link FlowTopology} and
 * {@link MongoSinkConnectorConfig}; the bench only chooses what {@code FlowRunner} does not let a user
 * choose yet (partitions, stream threads, sink tasks) and adds the tunings of {@link EndToEndSettings}.
 */
final class TapFlowPipeline implements Pipeline {

    private final BenchStack stack;
    private final EndToEndSettings settings;
    private final String sourceName;
    private final String database;
    private final FlowSpec spec;
    private DataSource source;
    private FlowTopics topics;
    private KafkaStreams streams;

    /**
     * @param run names this pipeline's database, data source, flow, connectors, topics and collection apart
     *     from another run's ({@code ""} for none), so that each starts from scratch with a snapshot
     */
    TapFlowPipeline(BenchStack stack, EndToEndSettings settings, String run) {
        this.stack = stack;
        this.settings = settings;
        this.sourceName = "Bench_TapFlow" + BenchStack.suffix(run);
        this.database = "bench_tapflow" + BenchStack.suffix(run);
        this.spec = flow(sourceName, "bench_orders" + BenchStack.suffix(run),
                BenchStack.MONGODB + ".orders_tapflow" + BenchStack.suffix(run)).spec();
    }

    /** The flow: exclude the two delivery dates, rename the purchase timestamp. */
    static Flow flow(String source, String name, String target) {
        return Flow.named(name)
                .readFrom(source + "." + OrdersDatabase.TABLE)
                .exclude("order_delivered_carrier_date", "order_delivered_customer_date")
                .renameFields(Map.of("order_purchase_timestamp", "purchase_timestamp"))
                .writeTo(target);
    }

    @Override
    public String name() {
        return "TapFlow";
    }

    @Override
    public String database() {
        return database;
    }

    @Override
    public String collection() {
        return spec.target().tableName();
    }

    @Override
    public void prepare() throws Exception {
        source = stack.mysqlSource(sourceName, database);
        topics = FlowTopics.of(spec, ChangeCapture.topicFor(source, OrdersDatabase.TABLE));
        stack.createTopic(topics.source(), settings.partitions());
        stack.createTopic(topics.output(), settings.partitions());
        stack.createTopic(topics.deadLetter(), 1);
        stack.createTopic(MySqlSourceConnectorConfig.signalTopic(sourceName), 1);
        stack.createTopic(MySqlSourceConnectorConfig.notificationTopic(sourceName), 1);

        Properties props = FlowStreamsConfig.of(spec.name(), stack.tapflow.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stack.directory.resolve("streams").toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.streamThreads());
        props.putAll(settings.flowConfig());
        streams = new KafkaStreams(FlowTopology.build(spec, topics, stack.tapflow.wireFormat()), props);
        streams.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the flow's Kafka Streams is " + streams.state() + " after 60 s");
            }
            Thread.sleep(100);
        }

        Map<String, String> sink = new LinkedHashMap<>(MongoSinkConnectorConfig.of(spec, stack.mongoTarget, topics,
                stack.tapflow.connectorConverters(), null, sinkOptions()));
        sink.putAll(settings.sinkTuning());
        stack.runConnector(sink.get("name"), sink);
    }

    @Override
    public void startCapture() throws Exception {
        Map<String, String> debezium = new LinkedHashMap<>(MySqlSourceConnectorConfig.of(source,
                MySqlSourceCheck.check(source), List.of(OrdersDatabase.TABLE), stack.passwordReference(source),
                stack.tapflow.bootstrapServers(), stack.tapflow.connectorConverters()));
        debezium.putAll(settings.debeziumTuning());
        stack.runConnector(debezium.get("name"), debezium);
    }

    @Override
    public List<Stage> stages() {
        String group = FlowStreamsConfig.applicationId(spec.name());
        return List.of(
                new Stage("Debezium → change topic", () -> stack.endOffsets(topics.source())),
                new Stage("flow (Kafka Streams) → output topic, committed", () -> stack.committedOffsets(group, topics.source())),
                new Stage("MongoDB sink → collection", () -> stack.applied.collection(collection()).inserted()));
    }

    @Override
    public Optional<KafkaStreams> streams() {
        return Optional.ofNullable(streams);
    }

    @Override
    public Map<String, String> settings() {
        Map<String, String> described = new LinkedHashMap<>();
        described.put("stages", "Debezium → " + settings.partitions() + "-partition change topic → flow (exclude + rename, "
                + "Kafka Streams exactly-once v2, " + settings.streamThreads() + " stream threads, "
                + commitIntervalMs() + " ms commits) → "
                + settings.partitions() + "-partition output topic → MongoDB sink (" + settings.sinkTasks() + " tasks)");
        described.put("Debezium", "product config (MySqlSourceConnectorConfig)" + tuning(settings.debeziumTuning()));
        described.put("sink", "product config (MongoSinkConnectorConfig, max.batch.size "
                + sinkOptions().maxBatchSize() + ")" + tuning(settings.sinkTuning()));
        return described;
    }

    private Object commitIntervalMs() {
        return settings.flowConfig().getOrDefault(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                String.valueOf(FlowStreamsConfig.of(spec.name(), "-").get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)));
    }

    private MongoSinkOptions sinkOptions() {
        return MongoSinkOptions.defaults().tasksMax(settings.sinkTasks()).keyColumns(List.of("order_id"));
    }

    private static String tuning(Map<String, String> tuning) {
        return tuning.isEmpty() ? "" : " + " + BenchStack.describe(tuning);
    }

    @Override
    public void close() {
        stack.deleteConnector(MySqlSourceConnectorConfig.connectorName(sourceName));
        stack.deleteConnector(MongoSinkConnectorConfig.connectorName(spec.name()));
        if (streams != null) {
            streams.close(Duration.ofSeconds(30));
        }
    }
}
