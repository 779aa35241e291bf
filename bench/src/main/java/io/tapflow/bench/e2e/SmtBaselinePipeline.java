package io.tapflow.bench.e2e;

import io.tapflow.DataSource;
import io.tapflow.Flow;
import io.tapflow.connect.debezium.MySqlSourceConnectorConfig;
import io.tapflow.connect.mongodb.MongoSinkConnectorConfig;
import io.tapflow.connect.mongodb.MongoSinkOptions;
import io.tapflow.connect.mysql.MySqlSourceCheck;
import io.tapflow.runtime.capture.ChangeCapture;
import io.tapflow.spec.FlowSpec;
import io.tapflow.topology.FlowTopics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline: Debezium → change topic → MongoDB sink, with the flow's work done by single message
 * transforms in the sink (Debezium's {@code ExtractNewRecordState} to unwrap the change event, Kafka's
 * {@code ReplaceField} to drop the two dates and rename the purchase timestamp). No stream processor.
 *
 * <p>Same Debezium and sink configs as TapFlow's, with the same tunings, so that the only difference is
 * the middle: SMTs inside the sink instead of a Kafka Streams stage and a second topic. Debezium runs with
 * {@code time.precision.mode=connect} so that dates land in MongoDB as dates, as the flow writes them.
 */
final class SmtBaselinePipeline implements Pipeline {

    private final BenchStack stack;
    private final EndToEndSettings settings;
    private final String sourceName;
    private final String database;
    /** Only names the sink's connector and target collection: the SMTs below do the flow's work. */
    private final FlowSpec names;
    private DataSource source;
    private String changeTopic;

    /**
     * @param run names this pipeline's database, data source, connectors, topics and collection apart from
     *     another run's ({@code ""} for none), so that each starts from scratch with a snapshot
     */
    SmtBaselinePipeline(BenchStack stack, EndToEndSettings settings, String run) {
        this.stack = stack;
        this.settings = settings;
        this.sourceName = "Bench_Baseline" + BenchStack.suffix(run);
        this.database = "bench_baseline" + BenchStack.suffix(run);
        this.names = Flow.named("bench_baseline" + BenchStack.suffix(run))
                .readFrom(sourceName + "." + OrdersDatabase.TABLE)
                .writeTo(BenchStack.MONGODB + ".orders_baseline" + BenchStack.suffix(run)).spec();
    }

    @Override
    public String name() {
        return "baseline (Debezium → SMT → sink)";
    }

    @Override
    public String database() {
        return database;
    }

    @Override
    public String collection() {
        return names.target().tableName();
    }

    @Override
    public void prepare() throws Exception {
        source = stack.mysqlSource(sourceName, database);
        changeTopic = ChangeCapture.topicFor(source, OrdersDatabase.TABLE);
        stack.createTopic(changeTopic, settings.partitions());
        stack.createTopic(MySqlSourceConnectorConfig.signalTopic(sourceName), 1);
        stack.createTopic(MySqlSourceConnectorConfig.notificationTopic(sourceName), 1);
        // The sink reads the change topic directly.
        FlowTopics topics = new FlowTopics(changeTopic, changeTopic, changeTopic + ".dead-letter");
        Map<String, String> sink = new LinkedHashMap<>(MongoSinkConnectorConfig.of(names, stack.mongoTarget, topics,
                stack.tapflow.connectorConverters(), null, sinkOptions()));
        sink.put("transforms", "unwrap,fields," + sink.get("transforms"));
        sink.put("transforms.unwrap.type", "io.debezium.transforms.ExtractNewRecordState");
        // A delete becomes the tombstone the sink deletes on.
        sink.put("transforms.unwrap.delete.tombstone.handling.mode", "tombstone");
        sink.put("transforms.fields.type", "org.apache.kafka.connect.transforms.ReplaceField$Value");
        sink.put("transforms.fields.exclude", "order_delivered_carrier_date,order_delivered_customer_date");
        sink.put("transforms.fields.renames", "order_purchase_timestamp:purchase_timestamp");
        sink.putAll(settings.sinkTuning());
        stack.runConnector(sink.get("name"), sink);
    }

    @Override
    public void startCapture() throws Exception {
        Map<String, String> debezium = new LinkedHashMap<>(MySqlSourceConnectorConfig.of(source,
                MySqlSourceCheck.check(source), List.of(OrdersDatabase.TABLE), stack.passwordReference(source),
                stack.tapflow.bootstrapServers(), stack.tapflow.connectorConverters()));
        debezium.put("time.precision.mode", "connect");
        debezium.putAll(settings.debeziumTuning());
        stack.runConnector(debezium.get("name"), debezium);
    }

    @Override
    public List<Stage> stages() {
        return List.of(
                new Stage("Debezium → change topic", () -> stack.endOffsets(changeTopic)),
                new Stage("MongoDB sink (SMTs) → collection", () -> stack.applied.collection(collection()).inserted()));
    }

    @Override
    public Map<String, String> settings() {
        Map<String, String> described = new LinkedHashMap<>();
        described.put("stages", "Debezium → " + settings.partitions() + "-partition change topic → MongoDB sink ("
                + settings.sinkTasks() + " tasks) with SMTs ExtractNewRecordState + ReplaceField (exclude, rename)");
        described.put("Debezium", "product config + `time.precision.mode=connect`"
                + (settings.debeziumTuning().isEmpty() ? "" : " + " + BenchStack.describe(settings.debeziumTuning())));
        described.put("sink", "product config (max.batch.size " + sinkOptions().maxBatchSize() + ") + the SMTs"
                + (settings.sinkTuning().isEmpty() ? "" : " + " + BenchStack.describe(settings.sinkTuning())));
        return described;
    }

    private MongoSinkOptions sinkOptions() {
        return MongoSinkOptions.defaults().tasksMax(settings.sinkTasks()).keyColumns(List.of("order_id"));
    }

    @Override
    public void close() {
        stack.deleteConnector(MySqlSourceConnectorConfig.connectorName(sourceName));
        stack.deleteConnector(MongoSinkConnectorConfig.connectorName(names.name()));
    }
}
