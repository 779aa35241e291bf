package io.tapflow.bench.lookup;

import io.tapflow.Flow;
import io.tapflow.Lookup;
import io.tapflow.bench.CommittedOffsets;
import io.tapflow.bench.e2e.CpuUse;
import io.tapflow.spec.FlowSpec;
import io.tapflow.testing.InProcessKafka;
import io.tapflow.topology.FlowStreamsConfig;
import io.tapflow.topology.FlowTopics;
import io.tapflow.topology.FlowTopology;
import io.tapflow.topology.event.WireFormat;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * The seed's flow with its customer lookup against the same flow without it, over the same Debezium snapshot of
 * orders and customers, on an in-process broker, in one JVM: how fast the wide documents are built, how fast a
 * customer change reaches its orders' documents, and what state the lookup keeps. Rounds alternate the two
 * flows so that machine noise hits both. The report is {@code bench/results/lookup.md}.
 */
public final class LookupBench {

    static final String CUSTOMERS_TABLE = "MySQL_ECommerce.ecom_customers";

    /** The seed's flow: exclude, rename, and the customer's fields merged into each order. */
    static final Flow WITH_LOOKUP = Flow.named("bench_orders_wide")
            .readFrom("MySQL_ECommerce.ecom_orders")
            .exclude("order_delivered_carrier_date", "order_delivered_customer_date")
            .renameFields(Map.of("order_purchase_timestamp", "purchase_timestamp"))
            .lookup(CUSTOMERS_TABLE, Lookup.relation("customer_id", "customer_id"))
            .writeTo("MongoDB_ECommerce.wide_orders");

    /** The baseline: the same flow without the lookup. */
    static final Flow WITHOUT_LOOKUP = Flow.named("bench_orders_narrow")
            .readFrom("MySQL_ECommerce.ecom_orders")
            .exclude("order_delivered_carrier_date", "order_delivered_customer_date")
            .renameFields(Map.of("order_purchase_timestamp", "purchase_timestamp"))
            .writeTo("MongoDB_ECommerce.orders");

    static final String BASELINE = "without lookup";
    static final String LOOKUP = "with lookup";

    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    /** How long after the output is complete the bench still waits to see the input offsets committed. */
    private static final Duration OFFSETS_GRACE = Duration.ofSeconds(10);
    /** How long the bench waits for a document after the last one, once the flow has read its input. */
    private static final Duration STALLED = Duration.ofMinutes(3);

    private final LookupOptions options;
    private final WireFormat format = WireFormat.json(true);

    /**
     * The snapshot of one flow in one round; times in seconds from {@code KafkaStreams.start()}.
     *
     * @param startupSeconds until Streams first reported RUNNING: group joined, tasks assigned, internal topics
     *     created, transactional producers started
     * @param inputSeconds until the committed offsets covered the change topics (NaN if not seen)
     * @param outputSeconds until every order's document was readable
     */
    record Snapshot(String flow, int round, long inputEvents, double startupSeconds, double inputSeconds,
                    double outputSeconds, long outputRecords, Map<String, Double> cpuSeconds) {
        /** Input events per second of processing: from RUNNING until every document was readable. */
        double eventsPerSecond() {
            return inputEvents / processingSeconds();
        }

        double processingSeconds() {
            return outputSeconds - startupSeconds;
        }
    }

    /** The fan-out of one round: {@code customers} updated, {@code documents} orders' documents re-emitted. */
    record Fanout(int round, int customers, int documents, double seconds, long outputRecords,
                  Map<String, Double> cpuSeconds) {
        double documentsPerSecond() {
            return documents / seconds;
        }
    }

    /** What the lookup flow keeps once stopped, after the last round. */
    record State(String applicationId, Map<String, StateSize.Store> stores, List<StateSize.Topic> topics,
                 String sampleDocument) {
    }

    /** Everything the report shows. */
    record Results(LookupOptions options, long orderBytes, long customerBytes, int orderKeyBytes,
                   int customerKeyBytes, List<Snapshot> snapshots,
                   List<Fanout> fanouts, State state, double loadAtStart, double loadAtEnd, String started,
                   double minutes, Map<String, String> memory) {
    }

    public LookupBench(LookupOptions options) {
        this.options = options;
    }

    /** Runs the benchmark; returns the report's markdown. */
    public String run() throws Exception {
        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        String started = java.time.ZonedDateTime.now().format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        long begin = System.nanoTime();
        OutputWatcher.checkPatterns(format, "check", "customer_city", "x");
        // Streams' state next to the bench's build output (it warns about state in the OS's temporary directory).
        Path target = Path.of(System.getProperty("tapflow.bench.results", "bench/results")).toAbsolutePath()
                .resolveSibling("target");
        Files.createDirectories(target);
        Path stateRoot = Files.createTempDirectory(target, "lookup-bench-state-");
        List<Snapshot> snapshots = new ArrayList<>();
        List<Fanout> fanouts = new ArrayList<>();
        State state = null;
        long orderBytes;
        long customerBytes = 0;
        try (InProcessKafka kafka = InProcessKafka.start()) {
            LookupData data = new LookupData(options.orders(), options.customers(), 42);
            String orders = LookupData.ORDERS.topic();
            kafka.createTopics(options.partitions(), orders);
            long t = System.nanoTime();
            orderBytes = data.produceOrders(kafka, orders);
            log("%,d order snapshot events (%.0f MB) on %s in %.1f s", data.orders(), orderBytes / 1e6, orders,
                    (System.nanoTime() - t) / 1e9);

            // The JIT and the broker warm up on other topics first, so round 1 is not a cold start.
            if (options.warmupOrders() > 0) {
                LookupData warm = new LookupData(options.warmupOrders(), options.warmupCustomers(), 7);
                String warmOrders = orders + ".warmup";
                String warmCustomers = LookupData.CUSTOMERS.topic() + ".warmup";
                kafka.createTopics(options.partitions(), warmOrders, warmCustomers);
                warm.produceOrders(kafka, warmOrders);
                warm.produceCustomers(kafka, warmCustomers);
                try (Running run = start(kafka, stateRoot, WITHOUT_LOOKUP, "warmup", warmOrders, null, warm)) {
                    run.snapshot(0);
                }
                try (Running run = start(kafka, stateRoot, WITH_LOOKUP, "warmup", warmOrders, warmCustomers, warm)) {
                    run.snapshot(0);
                    run.fanout(0, Math.max(1, warm.customers() / 10));
                }
            }

            for (int round = 1; round <= options.rounds(); round++) {
                // Each round's lookup reads its own customers topic, as the fan-out updates it.
                String customers = LookupData.CUSTOMERS.topic() + ".round-" + round;
                kafka.createTopics(options.partitions(), customers);
                customerBytes = data.produceCustomers(kafka, customers);
                try (Running run = start(kafka, stateRoot, WITHOUT_LOOKUP, "round-" + round, orders, null, data)) {
                    snapshots.add(run.snapshot(round));
                }
                try (Running run = start(kafka, stateRoot, WITH_LOOKUP, "round-" + round, orders, customers, data)) {
                    snapshots.add(run.snapshot(round));
                    fanouts.add(run.fanout(round, options.fanout()));
                    if (round == options.rounds()) {
                        state = run.stopAndMeasure();
                    }
                }
            }
            Results results = new Results(options, orderBytes, customerBytes,
                    LookupData.ORDERS.snapshot(data.order(0)).getFirst().key().length,
                    LookupData.CUSTOMERS.snapshot(LookupData.customer(0)).getFirst().key().length, snapshots, fanouts,
                    state, loadAtStart, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), started,
                    (System.nanoTime() - begin) / 60e9, memory());
            return LookupReport.write(results, WITH_LOOKUP.show(), WITHOUT_LOOKUP.show());
        } finally {
            delete(stateRoot);
        }
    }

    private Running start(InProcessKafka kafka, Path stateRoot, Flow flow, String run, String orders,
                          String customers, LookupData data) {
        FlowSpec spec = flow.spec();
        FlowTopics defaults = FlowTopics.of(spec, orders);
        FlowTopics topics = new FlowTopics(orders, defaults.output() + "-" + run, defaults.deadLetter() + "-" + run);
        if (customers != null) {
            topics = topics.withLookup(CUSTOMERS_TABLE, customers);
        }
        kafka.createTopics(options.partitions(), topics.output(), topics.deadLetter());
        Topology topology = FlowTopology.build(spec, topics, format);
        String appId = FlowStreamsConfig.applicationId(flow.name() + "-" + run);
        Properties props = FlowStreamsConfig.of(flow.name() + "-" + run, kafka.bootstrapServers());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, options.threads());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateRoot.toString());
        return new Running(kafka, customers == null ? BASELINE : LOOKUP, appId, stateRoot.resolve(appId), topics,
                customers, topology, props, data);
    }

    /** One flow's Streams application, from its start to its stop. */
    private final class Running implements AutoCloseable {
        private final InProcessKafka kafka;
        private final String name;
        private final String appId;
        private final Path stateDir;
        private final FlowTopics topics;
        private final String customers;
        private final Topology topology;
        private final Properties props;
        private final LookupData data;
        private OutputWatcher watcher;
        private OutputWatcher.Phase snapshotPhase;
        private KafkaStreams streams;

        Running(InProcessKafka kafka, String name, String appId, Path stateDir, FlowTopics topics, String customers,
                Topology topology, Properties props, LookupData data) {
            this.kafka = kafka;
            this.name = name;
            this.appId = appId;
            this.stateDir = stateDir;
            this.topics = topics;
            this.customers = customers;
            this.topology = topology;
            this.props = props;
            this.data = data;
        }

        /** Starts the flow on the topics' snapshot; returns when every order has its document. */
        Snapshot snapshot(int round) throws Exception {
            Map<String, Integer> sources = new LinkedHashMap<>();
            sources.put(topics.source(), options.partitions());
            if (customers != null) {
                sources.put(customers, options.partitions());
            }
            long inputEvents = CommittedOffsets.endOffsets(kafka, sources);
            long expected = data.orders() + (customers == null ? 0 : data.customers());
            if (inputEvents != expected) {
                throw new IllegalStateException("the change topics hold " + inputEvents + " records, not the "
                        + expected + " written");
            }
            // With the lookup, an order is done when its document holds its customer's fields.
            OutputWatcher.Phase phase = new OutputWatcher.Phase(
                    customers == null ? null : OutputWatcher.anyValue("customer_unique_id"), data.orders());
            snapshotPhase = phase;
            watcher = new OutputWatcher(kafka, topics.output(), options.partitions(), phase);
            System.gc();
            CpuUse cpu = CpuUse.start();
            NativeThreads threads = NativeThreads.sample();
            long start = System.nanoTime();
            streams = new KafkaStreams(topology, props);
            java.util.concurrent.atomic.AtomicLong running = new java.util.concurrent.atomic.AtomicLong();
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING) {
                    running.compareAndSet(0, System.nanoTime());
                }
            });
            streams.start();
            double input = Double.NaN;
            double output = Double.NaN;
            int matched = -1;
            double progressAt = 0;
            while (true) {
                double now = (System.nanoTime() - start) / 1e9;
                if (Double.isNaN(input) && CommittedOffsets.cover(kafka, appId, sources.keySet(), inputEvents)) {
                    input = now;
                }
                if (phase.matched() != matched) {
                    matched = phase.matched();
                    progressAt = now;
                } else if (!Double.isNaN(input) && now - progressAt > STALLED.toSeconds()) {
                    throw new IllegalStateException(String.format("%s: the flow read all its input %.0f s ago, but"
                            + " only %,d of the %,d orders have their document (none came in the last %d s)", name,
                            now - input, matched, data.orders(), STALLED.toSeconds()));
                }
                if (Double.isNaN(output) && phase.done()) {
                    output = now;
                }
                if (!Double.isNaN(input) && !Double.isNaN(output)
                        || !Double.isNaN(output) && now - output > OFFSETS_GRACE.toSeconds()) {
                    break;
                }
                check(now, phase);
                Thread.sleep(50);
            }
            Map<String, Double> cpuSeconds = cpuSeconds(cpu, threads, output);
            double startup = running.get() == 0 ? 0 : (running.get() - start) / 1e9;
            Snapshot result = new Snapshot(name, round, inputEvents, startup, input, output, phase.records(),
                    cpuSeconds);
            log("%s %-14s %,9.0f events/s: running after %.1f s, input read after %.1f s, every order's document"
                            + " after %.1f s, %,d output records", round == 0 ? "warm-up" : "round " + round, name,
                    result.eventsPerSecond(), startup, input, output, phase.records());
            return result;
        }

        /** Updates {@code k} customers; returns when each of their orders has a document with the change. */
        Fanout fanout(int round, int k) throws Exception {
            String city = "fan-out city " + round;
            int documents = data.ordersOfFirstCustomers(k);
            OutputWatcher.Phase phase = new OutputWatcher.Phase(OutputWatcher.pattern("customer_city", city), documents);
            watcher.expect(phase);
            CpuUse cpu = CpuUse.start();
            NativeThreads threads = NativeThreads.sample();
            long start = System.nanoTime();
            LookupData.produceCustomerUpdates(kafka, customers, k, city);
            double seconds;
            while (true) {
                seconds = (System.nanoTime() - start) / 1e9;
                if (phase.done()) {
                    break;
                }
                check(seconds, phase);
                Thread.sleep(20);
            }
            Fanout result = new Fanout(round, k, documents, seconds, phase.records(), cpuSeconds(cpu, threads, seconds));
            log("%s fan-out: %,d customers updated, %,d order documents re-emitted in %.1f s (%,.0f documents/s),"
                            + " %,d output records", round == 0 ? "warm-up" : "round " + round, k, documents, seconds,
                    result.documentsPerSecond(), phase.records());
            return result;
        }

        /** Stops the flow, then measures its state directory and its topics. */
        State stopAndMeasure() throws Exception {
            String sample = null;
            byte[] value = snapshotPhase.sample();
            if (value != null) {
                Map<String, Object> doc = format.decodeValue(topics.output(), value);
                if (doc != null) {
                    StringBuilder text = new StringBuilder();
                    doc.forEach((field, v) -> text.append(field).append(": ")
                            .append(v instanceof String ? "\"" + v + "\"" : String.valueOf(v)).append('\n'));
                    sample = text.toString().strip();
                }
            }
            stop();
            log("measuring the state of %s", appId);
            Map<String, StateSize.Store> stores = StateSize.stores(stateDir);
            List<String> names = new ArrayList<>(kafka.admin().listTopics().names().get().stream()
                    .filter(topic -> topic.startsWith(appId + "-")).sorted().toList());
            names.add(topics.output());
            names.add(topics.source());
            names.add(customers);
            List<StateSize.Topic> sizes = StateSize.topics(kafka, names);
            return new State(appId, stores, sizes, sample);
        }

        private void check(double seconds, OutputWatcher.Phase phase) {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException(name + ": Kafka Streams stopped (" + streams.state() + ")");
            }
            if (watcher.failure() != null) {
                throw new IllegalStateException("reading the output failed", watcher.failure());
            }
            if (seconds > TIMEOUT.toSeconds()) {
                throw new IllegalStateException(name + ": not done after " + TIMEOUT.toMinutes() + " minutes ("
                        + phase.matched() + " of the documents)");
            }
        }

        private void stop() throws InterruptedException {
            if (streams != null) {
                streams.close(Duration.ofSeconds(60));
                streams = null;
            }
            if (watcher != null) {
                watcher.close();
            }
        }

        @Override
        public void close() throws Exception {
            stop();
            delete(stateDir);
        }
    }

    /**
     * CPU seconds by component over the last {@code seconds}; what Java's thread list does not show (the JVM's own
     * threads, RocksDB's) split by the native threads' names.
     */
    private static Map<String, Double> cpuSeconds(CpuUse cpu, NativeThreads before, double seconds) {
        Map<String, Double> used = new LinkedHashMap<>();
        Map<String, Double> natives = NativeThreads.sample().secondsSince(before);
        cpu.coresSinceStart().forEach((component, cores) -> {
            if (component.startsWith("JVM (GC, JIT)")) {
                double rest = cores * seconds - natives.values().stream().mapToDouble(Double::doubleValue).sum();
                used.putAll(natives);
                used.put("other threads outside Java's view, and threads that ended", Math.max(0, rest));
            } else {
                used.put(component, cores * seconds);
            }
        });
        return used;
    }

    /** The JVM's resident memory now and at its peak, and its heap after a GC. */
    private static Map<String, String> memory() {
        Map<String, String> memory = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:") || line.startsWith("VmHWM:")) {
                    String[] parts = line.split("\\s+");
                    memory.put(line.startsWith("VmRSS") ? "resident now" : "resident at peak",
                            String.format("%,d MiB", Long.parseLong(parts[1]) / 1024));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: left out
        }
        System.gc();
        Runtime rt = Runtime.getRuntime();
        memory.put("heap used after a GC", String.format("%,d MiB", (rt.totalMemory() - rt.freeMemory()) >> 20));
        return memory;
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static final long STARTED = System.nanoTime();

    static void log(String format, Object... args) {
        System.out.printf("bench lookup: [%4.0f s] " + format + "%n",
                java.util.stream.Stream.concat(java.util.stream.Stream.of((System.nanoTime() - STARTED) / 1e9),
                        java.util.Arrays.stream(args)).toArray());
    }

}
