package io.tapflow.bench;

import io.tapflow.Flow;
import io.tapflow.Row;
import io.tapflow.spec.FlowSpec;
import io.tapflow.testing.InProcessKafka;
import io.tapflow.testing.SampleTables;
import io.tapflow.topology.FlowStreamsConfig;
import io.tapflow.topology.FlowTopics;
import io.tapflow.topology.FlowTopology;
import io.tapflow.topology.event.DebeziumTable;
import io.tapflow.topology.event.RawRecord;
import io.tapflow.topology.event.WireFormat;
import io.tapflow.udf.UdfEngine;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;

/**
 * The seed function as a Python, a JavaScript and a Java stage, against the same flow with no stage,
 * over the same Debezium events on an in-process broker, in one JVM. Whether GraalVM's optimizing compiler
 * runs depends on the JVM's flags ({@code ./tap bench-udf} passes them where the JDK allows); the report
 * says which runtime it measured.
 */
final class UdfBench {

    private static final DebeziumTable ORDERS = SampleTables.ECOM_ORDERS;


    static final String SEED_JS = """
            function process(record, context) {
              if (!record.order_status) {
                record.order_status = 'invalid';
              }
              if (record.order_status === 'SendError') {
                record.order_status = 'undeliverable';
              }
              return record;
            }
            """;

    static final Flow NO_UDF = Flow.named("bench_udf_none").readFrom("MySQL_ECommerce.ecom_orders")
            .writeTo("MongoDB_ECommerce.orders");
    static final Flow PYTHON = Flow.named("bench_udf_py").readFrom("MySQL_ECommerce.ecom_orders")
            .py(SampleTables.STANDARDIZE_STATUS_PY)
            .writeTo("MongoDB_ECommerce.orders");
    static final Flow JAVASCRIPT = Flow.named("bench_udf_js").readFrom("MySQL_ECommerce.ecom_orders").js(SEED_JS)
            .writeTo("MongoDB_ECommerce.orders");
    static final Flow JAVA = Flow.named("bench_udf_java").readFrom("MySQL_ECommerce.ecom_orders")
            .map(UdfBench::standardize)
            .writeTo("MongoDB_ECommerce.orders");

    private static final String[] STATUSES = {"delivered", "delivered", "delivered", "shipped", "canceled",
        "invoiced", "processing", "", "SendError"};

    private final int events;
    private final int warmupEvents;
    private final int partitions;
    private final int threads;

    UdfBench(int events, int warmupEvents, int partitions, int threads) {
        this.events = events;
        this.warmupEvents = warmupEvents;
        this.partitions = partitions;
        this.threads = threads;
    }

    /** The seed function in Java. */
    static Row standardize(Row row) {
        Object status = row.get("order_status");
        if (status == null || "".equals(status)) {
            return row.with("order_status", "invalid");
        }
        return "SendError".equals(status) ? row.with("order_status", "undeliverable") : row;
    }

    record Result(String name, double seconds, double eventsPerSecond) {
    }

    private double loadAtStart;

    String run() throws Exception {
        loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<Result> results = new ArrayList<>();
        Map<String, Flow> flows = new LinkedHashMap<>();
        flows.put("flow, no UDF", NO_UDF);
        flows.put("Java lambda", JAVA);
        flows.put("JavaScript", JAVASCRIPT);
        flows.put("Python", PYTHON);
        try (InProcessKafka kafka = InProcessKafka.start()) {
            String source = ORDERS.topic();
            String warmup = source + ".warmup";
            kafka.createTopics(partitions, source, warmup);
            long bytes = produce(kafka, source, events);
            produce(kafka, warmup, warmupEvents);
            for (Map.Entry<String, Flow> flow : flows.entrySet()) {
                // Each topology first runs on other events, so the JIT (and Truffle's compiler) warm up.
                measure(kafka, flow.getKey(), "warmup", warmup, warmupEvents, topology(flow.getValue(), warmup, "warmup"));
                results.add(measure(kafka, flow.getKey(), "run", source, events, topology(flow.getValue(), source, "run")));
            }
            return report(bytes, results);
        }
    }

    private Topology topology(Flow flow, String source, String run) {
        FlowSpec spec = flow.spec();
        FlowTopics defaults = FlowTopics.of(spec, source);
        return FlowTopology.build(spec, new FlowTopics(source, defaults.output() + "-" + run,
                defaults.deadLetter() + "-" + run), WireFormat.json(true));
    }

    private Result measure(InProcessKafka kafka, String name, String run, String source, int count, Topology topology)
            throws Exception {
        String appId = "bench-udf-" + name.replaceAll("[^A-Za-z]+", "-") + "-" + run;
        for (String sink : topology.describe().subtopologies().iterator().next().nodes().stream()
                .filter(n -> n instanceof TopologyDescription.Sink)
                .map(n -> ((TopologyDescription.Sink) n).topic()).toList()) {
            kafka.createTopics(partitions, sink);
        }
        Properties props = FlowStreamsConfig.of(appId, kafka.bootstrapServers());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        System.gc();
        long start = System.nanoTime();
        try (KafkaStreams streams = new KafkaStreams(topology, props)) {
            streams.start();
            CommittedOffsets.awaitEnd(kafka, FlowStreamsConfig.applicationId(appId), source, partitions,
                    Duration.ofMinutes(30));
            double seconds = (System.nanoTime() - start) / 1e9;
            Result result = new Result(name, seconds, count / seconds);
            System.out.printf("bench-udf: %-7s %-14s %,10.0f events/s (%.1f s)%n", run, name,
                    result.eventsPerSecond(), seconds);
            streams.close(Duration.ofSeconds(30));
            return result;
        }
    }

    private long produce(InProcessKafka kafka, String topic, int count) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Random random = new Random(42);
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                for (RawRecord record : ORDERS.insert(order(i, random))) {
                    bytes += record.key().length + (record.value() == null ? 0 : record.value().length);
                    producer.send(new ProducerRecord<>(topic, record.key(), record.value()));
                }
            }
            producer.flush();
        }
        return bytes;
    }

    private static Map<String, Object> order(int i, Random random) {
        LocalDateTime purchased = LocalDateTime.of(2017, 1, 1, 0, 0).plusMinutes(random.nextInt(60 * 24 * 600));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("order_id", String.format("%032x", (long) i * 2654435761L));
        row.put("customer_id", String.format("%032x", random.nextInt(30_000) * 40503L));
        row.put("order_status", STATUSES[random.nextInt(STATUSES.length)]);
        row.put("order_purchase_timestamp", purchased);
        row.put("order_approved_at", purchased.plusHours(random.nextInt(48)));
        row.put("order_delivered_carrier_date", purchased.plusDays(2 + random.nextInt(5)));
        row.put("order_delivered_customer_date", purchased.plusDays(5 + random.nextInt(25)));
        row.put("order_estimated_delivery_date", purchased.plusDays(20).withHour(0).withMinute(0));
        return row;
    }

    private String report(long bytes, List<Result> results) {
        String runtime = UdfEngine.shared().runtimeName();
        double baseline = results.getFirst().eventsPerSecond();
        StringBuilder md = new StringBuilder();
        md.append("# UDFs: the seed function in Python, JavaScript and Java (").append(mode()).append(")\n\n");
        md.append("Run ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append(" with `./tap bench-udf").append(mode().equals("optimizing") ? "" : " --interpreter")
                .append("`.\n\n");
        md.append("| setting | value |\n|---|---|\n");
        md.append("| machine | ").append(Runtime.getRuntime().availableProcessors()).append(" cores (shared), JVM max heap ")
                .append(Runtime.getRuntime().maxMemory() / (1024 * 1024)).append(" MiB, load average ")
                .append(String.format("%.1f", loadAtStart)).append(" at the start and ")
                .append(String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
                .append(" at the end |\n");
        md.append("| JVM | ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version"))
                .append(" (").append(String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-X") || a.startsWith("--upgrade-module-path"))
                        .map(a -> a.startsWith("--upgrade-module-path") ? "--upgrade-module-path=<GraalVM compiler jars>" : a)
                        .toList())).append(") |\n");
        md.append("| GraalVM polyglot runtime | ").append(runtime).append(" |\n");
        md.append("| input | ").append(String.format("%,d", events)).append(" Debezium MySQL inserts (JSON with schemas, ")
                .append(String.format("%.0f", bytes / (double) events)).append(" bytes each), ").append(partitions)
                .append(" partitions; statuses include '' and 'SendError' |\n");
        md.append("| Streams | exactly-once v2, commit every 100 ms, ").append(threads)
                .append(" stream thread(s), so one polyglot context per task |\n");
        md.append("| measured | from KafkaStreams.start() until the committed offsets cover every event, after a warm-up of ")
                .append(String.format("%,d", warmupEvents)).append(" other events per topology |\n\n");
        md.append("| flow | events/s | vs. flow, no UDF | seconds |\n|---|---:|---:|---:|\n");
        for (Result r : results) {
            md.append("| ").append(r.name()).append(" | ").append(String.format("%,.0f", r.eventsPerSecond()))
                    .append(" | ").append(String.format("%.2f×", r.eventsPerSecond() / baseline)).append(" | ")
                    .append(String.format("%.1f", r.seconds())).append(" |\n");
        }
        md.append("\nThe machine is shared and its load moves during a run: a row can beat the baseline by chance (the"
                + " Java lambda does strictly more work than no function). Read the factors between Python, JavaScript"
                + " and Java, not the second digit. Per record, the Python and JavaScript stages also convert every"
                + " field into the language's own types and back (five DATETIME columns here).\n");
        md.append("\n```python\n").append(SampleTables.STANDARDIZE_STATUS_PY)
                .append("```\n\n```javascript\n").append(SEED_JS).append("```\n\n");
        md.append("```java\n.map(row -> {\n    Object status = row.get(\"order_status\");\n"
                + "    if (status == null || \"\".equals(status)) return row.with(\"order_status\", \"invalid\");\n"
                + "    return \"SendError\".equals(status) ? row.with(\"order_status\", \"undeliverable\") : row;\n})\n```\n");
        return md.toString();
    }

    static String mode() {
        return UdfEngine.shared().runtimeName().toLowerCase().contains("interpret") ? "interpreter" : "optimizing";
    }
}
