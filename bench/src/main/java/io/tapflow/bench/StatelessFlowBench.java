package io.tapflow.bench;

import io.tapflow.Flow;
import io.tapflow.spec.FlowSpec;
import io.tapflow.testing.InProcessKafka;
import io.tapflow.testing.SampleTables;
import io.tapflow.topology.FlowStreamsConfig;
import io.tapflow.topology.FlowTopics;
import io.tapflow.topology.FlowTopology;
import io.tapflow.topology.event.DebeziumTable;
import io.tapflow.topology.event.RawRecord;
import io.tapflow.topology.event.WireFormat;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.Topology;

/**
 * The stateless flow against a passthrough Kafka Streams topology, over the same Debezium events on
 * the same in-process broker, in one JVM run. Rounds alternate so that machine noise hits both.
 */
final class StatelessFlowBench {

    private static final DebeziumTable ORDERS = SampleTables.ECOM_ORDERS;

    /** The foundation issue's stateless flow (is_late computed before the dates it reads are excluded). */
    static final Flow STATELESS = Flow.named("bench_orders_clean")
            .readFrom("MySQL_ECommerce.ecom_orders")
            .addFields("is_late", "order_delivered_customer_date > order_estimated_delivery_date")
            .exclude("order_delivered_carrier_date", "order_delivered_customer_date")
            .renameFields(Map.of("order_purchase_timestamp", "purchase_timestamp"))
            .filter("order_status != 'canceled' and customer_id is not null")
            .writeTo("MongoDB_ECommerce.orders");

    /** The same read and write with no stage: what decoding and encoding alone cost. */
    static final Flow NO_STAGES = Flow.named("bench_orders_copy")
            .readFrom("MySQL_ECommerce.ecom_orders")
            .writeTo("MongoDB_ECommerce.orders");

    private static final int WARMUP_EVENTS = 100_000;

    private static final String[] STATUSES = {"delivered", "delivered", "delivered", "shipped", "canceled",
        "invoiced", "processing", "", "SendError"};

    private final int events;
    private final int rounds;
    private final int partitions;
    private final int threads;

    StatelessFlowBench(int events, int rounds, int partitions, int threads) {
        this.events = events;
        this.rounds = rounds;
        this.partitions = partitions;
        this.threads = threads;
    }

    String run() throws Exception {
        List<Result> results = new ArrayList<>();
        try (InProcessKafka kafka = InProcessKafka.start()) {
            String source = ORDERS.topic();
            String warmupSource = source + ".warmup";
            kafka.createTopics(partitions, source, warmupSource);
            long produceStart = System.nanoTime();
            long bytes = produce(kafka, source, events);
            double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
            System.out.printf("bench: %,d events (%.1f MB) on %s in %.1f s%n", events, bytes / 1e6, source, produceSeconds);

            // The broker and the JIT warm up on a separate topic first, so round 1 is not a cold start.
            int warmupEvents = Math.min(events, WARMUP_EVENTS);
            produce(kafka, warmupSource, warmupEvents);
            measure(kafka, "passthrough", 0, warmupSource, warmupEvents, passthrough(warmupSource, "tapflow.bench.warmup-passthrough"));
            measure(kafka, "flow, no stages", 0, warmupSource, warmupEvents, flowTopology(NO_STAGES, warmupSource, 0));
            measure(kafka, "stateless flow", 0, warmupSource, warmupEvents, flowTopology(STATELESS, warmupSource, 0));

            for (int round = 1; round <= rounds; round++) {
                results.add(measure(kafka, "passthrough", round, source, events,
                        passthrough(source, "tapflow.bench.passthrough-" + round)));
                results.add(measure(kafka, "flow, no stages", round, source, events, flowTopology(NO_STAGES, source, round)));
                results.add(measure(kafka, "stateless flow", round, source, events, flowTopology(STATELESS, source, round)));
            }
            return Report.stateless(events, partitions, threads, bytes, results, STATELESS.show());
        }
    }

    private Topology flowTopology(Flow flow, String source, int round) {
        FlowSpec spec = flow.spec();
        FlowTopics defaults = FlowTopics.of(spec, source);
        String run = round == 0 ? "-warmup" : "-" + round;
        FlowTopics topics = new FlowTopics(source, defaults.output() + run, defaults.deadLetter() + run);
        return FlowTopology.build(spec, topics, WireFormat.json(true));
    }

    private static Topology passthrough(String source, String output) {
        Topology topology = new Topology();
        topology.addSource("source", new ByteArrayDeserializer(), new ByteArrayDeserializer(), source);
        topology.addSink("sink", output, new ByteArraySerializer(), new ByteArraySerializer(), "source");
        return topology;
    }

    /** Runs a topology over {@code count} events of {@code source}; round 0 is the warm-up. */
    private Result measure(InProcessKafka kafka, String name, int round, String source, int count, Topology topology)
            throws Exception {
        String appId = "bench-" + name.replaceAll("[^a-z]+", "-") + "-" + (round == 0 ? "warmup" : round);
        // Streams refuses to start on missing topics, so create every sink topic first.
        for (String sink : topology.describe().subtopologies().iterator().next().nodes().stream()
                .filter(n -> n instanceof TopologyDescription.Sink)
                .map(n -> ((TopologyDescription.Sink) n).topic()).toList()) {
            kafka.createTopics(partitions, sink);
        }
        Properties props = FlowStreamsConfig.of(appId, kafka.bootstrapServers());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        System.gc();
        long start = System.nanoTime();
        try (KafkaStreams streams = new KafkaStreams(topology, props)) {
            streams.start();
            CommittedOffsets.awaitEnd(kafka, appId, source, partitions, Duration.ofMinutes(20));
            double seconds = (System.nanoTime() - start) / 1e9;
            Result result = new Result(name, round, seconds, count / seconds);
            System.out.printf("bench: %s %-16s %,10.0f events/s (%.1f s)%n", round == 0 ? "warm-up" : "round " + round,
                    name, result.eventsPerSecond(), seconds);
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
                for (RawRecord record : i % 10 == 0 ? ORDERS.snapshot(order(i, random)) : ORDERS.insert(order(i, random))) {
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
        row.put("customer_id", random.nextInt(50) == 0 ? null : String.format("%032x", random.nextInt(30_000) * 40503L));
        row.put("order_status", STATUSES[random.nextInt(STATUSES.length)]);
        row.put("order_purchase_timestamp", purchased);
        row.put("order_approved_at", purchased.plusHours(random.nextInt(48)));
        row.put("order_delivered_carrier_date", purchased.plusDays(2 + random.nextInt(5)));
        row.put("order_delivered_customer_date", random.nextInt(20) == 0 ? null : purchased.plusDays(5 + random.nextInt(25)));
        row.put("order_estimated_delivery_date", purchased.plusDays(20).withHour(0).withMinute(0));
        return row;
    }

    record Result(String name, int round, double seconds, double eventsPerSecond) {
    }
}
