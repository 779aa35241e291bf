package io.tapflow.testing;

import io.tapflow.Flow;
import io.tapflow.topology.DeadLetterHeaders;
import io.tapflow.topology.FlowStreamsConfig;
import io.tapflow.topology.FlowTopics;
import io.tapflow.topology.FlowTopology;
import io.tapflow.topology.event.DebeziumTable;
import io.tapflow.topology.event.RawRecord;
import io.tapflow.topology.event.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Runs a flow's real topology with no broker, so a flow definition can be unit-tested:
 * <pre>{@code
 * DebeziumTable orders = DebeziumTable.builder("tapflow.MySQL_ECommerce", "ECommerceData", "ecom_orders")
 *     .column("order_id", ColumnType.varchar()).column("order_status", ColumnType.varchar())
 *     .primaryKey("order_id").build();
 * try (FlowTestDriver driver = FlowTestDriver.of(flow, orders)) {
 *     driver.insert(Map.of("order_id", "o1", "order_status", "delivered"));
 *     assertThat(driver.readOutput()).containsExactly(...);
 * }
 * }</pre>
 * Rows go in as the Debezium MySQL connector would write their changes ({@link #snapshot},
 * {@link #insert}, {@link #update}, {@link #delete}, or raw records with {@link #pipe}); what the
 * flow wrote comes out as upserts and deletes ({@link #readOutput()}), as the resulting target
 * table ({@link #target()}), and as dead letters ({@link #readDeadLetters()}).
 */
public final class FlowTestDriver implements AutoCloseable {

    private final DebeziumTable table;
    private final WireFormat format;
    private final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> input;
    private final Map<String, TestInputTopic<byte[], byte[]>> inputs = new LinkedHashMap<>();
    private final TestOutputTopic<byte[], byte[]> output;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private final String outputTopic;
    private final Path stateDirectory;
    private final Map<Map<String, Object>, Map<String, Object>> target = new LinkedHashMap<>();

    private FlowTestDriver(Flow flow, DebeziumTable table, WireFormat format, Map<String, String> env) {
        this(flow, table, Map.of(), format, env);
    }

    private FlowTestDriver(Flow flow, DebeziumTable table, Map<String, DebeziumTable> lookups, WireFormat format,
                           Map<String, String> env) {
        this.table = table;
        this.format = format;
        FlowTopics topics = FlowTopics.of(flow.spec(), table.topic());
        for (Map.Entry<String, DebeziumTable> lookup : lookups.entrySet()) {
            topics = topics.withLookup(lookup.getKey(), lookup.getValue().topic());
        }
        this.outputTopic = topics.output();
        Properties props = FlowStreamsConfig.of(flow.name(), "unused:9092");
        // The test driver runs one thread and commits after every record; exactly-once adds nothing here.
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        // A lookup keeps its tables in RocksDB: each driver gets its own directory, so drivers of one flow (in
        // parallel builds too) never open each other's stores.
        try {
            this.stateDirectory = Files.createTempDirectory("tapflow-test-driver-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state directory for the test driver", e);
        }
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDirectory.toString());
        this.driver = new TopologyTestDriver(FlowTopology.build(flow.spec(), topics, format, env), props);
        this.input = driver.createInputTopic(topics.source(), new ByteArraySerializer(), new ByteArraySerializer());
        inputs.put(topics.source(), input);
        for (DebeziumTable lookup : lookups.values()) {
            inputs.computeIfAbsent(lookup.topic(), topic -> driver.createInputTopic(topic, new ByteArraySerializer(),
                    new ByteArraySerializer()));
        }
        this.output = driver.createOutputTopic(topics.output(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.deadLetters = driver.createOutputTopic(topics.deadLetter(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /**
     * A driver for a flow reading the given table, with events in Connect's JSON format with schemas
     * (what Debezium writes with the JSON converter).
     */
    public static FlowTestDriver of(Flow flow, DebeziumTable table) {
        return new FlowTestDriver(flow, table, WireFormat.json(true), Map.of());
    }

    /**
     * A driver whose flow was started with these {@code env} values, which Python and JavaScript functions
     * read as {@code context.env} and Java functions as {@code row.change().env()}.
     */
    public static FlowTestDriver of(Flow flow, DebeziumTable table, Map<String, String> env) {
        return new FlowTestDriver(flow, table, WireFormat.json(true), env);
    }

    /** A driver using another wire format, e.g. {@code WireFormat.json(false)} for schemaless JSON. */
    public static FlowTestDriver of(Flow flow, DebeziumTable table, WireFormat format) {
        return new FlowTestDriver(flow, table, format, Map.of());
    }

    /**
     * A driver for a flow with lookups: {@code lookups} gives, for each table the flow looks up (as the flow names
     * it, {@code "<datasource>.<table>"}), the table whose change events it reads. Rows of any table go in with
     * {@link #insert(DebeziumTable, Map)} and the like.
     */
    public static FlowTestDriver withLookups(Flow flow, DebeziumTable table, Map<String, DebeziumTable> lookups) {
        return new FlowTestDriver(flow, table, lookups, WireFormat.json(true), Map.of());
    }

    /** A row of {@code source} (the flow's table or a looked-up one) read by the initial snapshot. */
    public FlowTestDriver snapshot(DebeziumTable source, Map<String, ?> row) {
        return pipe(source, source.snapshot(row));
    }

    /** A row of {@code source} inserted. */
    public FlowTestDriver insert(DebeziumTable source, Map<String, ?> row) {
        return pipe(source, source.insert(row));
    }

    /** A row of {@code source} updated (a primary-key change becomes a delete and an insert, as in Debezium). */
    public FlowTestDriver update(DebeziumTable source, Map<String, ?> before, Map<String, ?> after) {
        return pipe(source, source.update(before, after));
    }

    /** A row of {@code source} deleted. */
    public FlowTestDriver delete(DebeziumTable source, Map<String, ?> row) {
        return pipe(source, source.delete(row));
    }

    private FlowTestDriver pipe(DebeziumTable source, List<RawRecord> records) {
        TestInputTopic<byte[], byte[]> topic = inputs.get(source.topic());
        if (topic == null) {
            throw new IllegalArgumentException("table " + source.topic() + " is not read by this flow; its tables: "
                    + inputs.keySet());
        }
        for (RawRecord record : records) {
            topic.pipeInput(record.key(), record.value());
        }
        return this;
    }

    /**
     * How many records a function stage ({@code py}, {@code js}, {@code map}, a Java {@code filter}) failed on
     * and sent to the dead-letter topic: the stage's {@code function-errors-total} metric.
     */
    public long functionErrors(String stage) {
        double total = 0;
        for (var metric : driver.metrics().entrySet()) {
            var name = metric.getKey();
            if (name.name().equals("function-errors-total") && stage.equals(name.tags().get("tapflow-stage-id"))) {
                total += ((Number) metric.getValue().metricValue()).doubleValue();
            }
        }
        return (long) total;
    }

    /** A row read by the initial snapshot (Debezium op {@code r}). */
    public FlowTestDriver snapshot(Map<String, ?> row) {
        return pipe(table.snapshot(row));
    }

    /** A row inserted (op {@code c}). */
    public FlowTestDriver insert(Map<String, ?> row) {
        return pipe(table.insert(row));
    }

    /** A row updated (op {@code u}; a primary-key change becomes a delete and an insert, as in Debezium). */
    public FlowTestDriver update(Map<String, ?> before, Map<String, ?> after) {
        return pipe(table.update(before, after));
    }

    /** A row deleted (op {@code d}, then a tombstone). */
    public FlowTestDriver delete(Map<String, ?> row) {
        return pipe(table.delete(row));
    }

    /** Raw source records, exactly as they would be on the change topic. */
    public FlowTestDriver pipe(List<RawRecord> records) {
        for (RawRecord record : records) {
            pipe(record.key(), record.value());
        }
        return this;
    }

    /** One raw source record; {@code value} may be {@code null} (a tombstone) or any bytes at all. */
    public FlowTestDriver pipe(byte[] key, byte[] value) {
        input.pipeInput(key, value);
        return this;
    }

    /** One raw source record given as JSON text (for example a captured Debezium event). */
    public FlowTestDriver pipeJson(String keyJson, String valueJson) {
        return pipe(keyJson == null ? null : keyJson.getBytes(StandardCharsets.UTF_8),
                valueJson == null ? null : valueJson.getBytes(StandardCharsets.UTF_8));
    }

    /** Every record the flow wrote since the last call, in order, decoded to typed values. */
    public List<FlowOutput> readOutput() {
        List<FlowOutput> out = new ArrayList<>();
        for (TestRecord<byte[], byte[]> record : output.readRecordsToList()) {
            Map<String, Object> key = format.decodeKey(outputTopic, record.key());
            Map<String, Object> document = format.decodeValue(outputTopic, record.value());
            out.add(new FlowOutput(key, document));
            if (document == null) {
                target.remove(key);
            } else {
                target.put(key, document);
            }
        }
        return out;
    }

    /**
     * What the target table or collection holds after everything the flow wrote: upserts applied by
     * key, deletes removed. Reads pending output first.
     */
    public Map<Map<String, Object>, Map<String, Object>> target() {
        readOutput();
        return new LinkedHashMap<>(target);
    }

    /** Every record the flow refused since the last call, with the reason. */
    public List<DeadLetter> readDeadLetters() {
        List<DeadLetter> out = new ArrayList<>();
        for (TestRecord<byte[], byte[]> record : deadLetters.readRecordsToList()) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header header : record.headers()) {
                headers.put(header.key(), header.value() == null ? null
                        : new String(header.value(), StandardCharsets.UTF_8));
            }
            out.add(new DeadLetter(headers.get(DeadLetterHeaders.STAGE), headers.get(DeadLetterHeaders.ERROR),
                    headers, record.key(), record.value()));
        }
        return out;
    }

    /** Closes the underlying Kafka Streams test driver. */
    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            deleteRecursively(stateDirectory);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless.
        }
    }
}
