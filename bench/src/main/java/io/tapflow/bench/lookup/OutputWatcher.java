package io.tapflow.bench.lookup;

import io.tapflow.testing.InProcessKafka;
import io.tapflow.topology.event.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a flow's output topic as the MongoDB sink would ({@code read_committed}) and tells when every order
 * it waits for has a document that shows what the phase expects: for the snapshot, a document at all (the flow
 * without the lookup) or one with its customer's fields (with the lookup); for the fan-out, one with the new
 * city of the updated customers. Matching is on the record's bytes (a field and value of the payload as
 * Connect's JSON converter writes them), so that watching costs little CPU next to the flow it watches; the
 * patterns are checked against the wire format at start.
 */
final class OutputWatcher implements AutoCloseable {

    static final String THREAD_NAME = "lookup-bench-watcher";

    private static final byte[] ORDER_ID = "\"order_id\":\"".getBytes(StandardCharsets.UTF_8);

    /** What a phase waits for: documents of {@code expected} orders whose bytes hold {@code pattern}. */
    static final class Phase {
        private final byte[] pattern;
        private final int expected;
        private final BitSet seen = new BitSet();
        private volatile int matched;
        private volatile long records;
        private volatile byte[] sample;

        Phase(String pattern, int expected) {
            this.pattern = pattern == null ? null : pattern.getBytes(StandardCharsets.UTF_8);
            this.expected = expected;
        }

        boolean done() {
            return matched >= expected;
        }

        /** Orders with a matching document so far. */
        int matched() {
            return matched;
        }

        /** Output records read during this phase, tombstones included. */
        long records() {
            return records;
        }

        /** The value of the first matching record. */
        byte[] sample() {
            return sample;
        }
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AtomicReference<Phase> phase = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    OutputWatcher(InProcessKafka kafka, String topic, int partitions, Phase first) {
        phase.set(first);
        consumer = new KafkaConsumer<>(readCommitted(kafka), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> assigned = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            assigned.add(new TopicPartition(topic, p));
        }
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        thread = Thread.ofPlatform().name(THREAD_NAME).daemon().start(this::run);
    }

    /** Waits from now on for {@code next}; records read before belong to the earlier phase. */
    void expect(Phase next) {
        phase.set(next);
    }

    /** Why reading stopped, or null. */
    Throwable failure() {
        return failure;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    accept(phase.get(), record.key(), record.value());
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } catch (Throwable e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private static void accept(Phase phase, byte[] key, byte[] value) {
        phase.records++;
        if (value == null || (phase.pattern != null && indexOf(value, phase.pattern, 0) < 0)) {
            return;
        }
        int order = orderNumber(key);
        if (order >= 0 && !phase.seen.get(order)) {
            phase.seen.set(order);
            if (phase.sample == null) {
                phase.sample = value;
            }
            phase.matched++;
        }
    }

    /** The order number in an output key, or -1. */
    static int orderNumber(byte[] key) {
        int at = key == null ? -1 : indexOf(key, ORDER_ID, 0);
        if (at < 0 || at + ORDER_ID.length + 32 > key.length) {
            return -1;
        }
        return LookupData.orderNumber(new String(key, at + ORDER_ID.length, 32, StandardCharsets.US_ASCII));
    }

    static int indexOf(byte[] data, byte[] pattern, int from) {
        byte first = pattern[0];
        int last = data.length - pattern.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (data[i] != first) {
                continue;
            }
            for (int j = 1; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * Checks that the wire format writes keys and fields as the watcher looks for them.
     *
     * @throws IllegalStateException if it does not
     */
    static void checkPatterns(WireFormat format, String topic, String field, String value) {
        byte[] key = format.encodeKey(topic, Map.of("order_id", LookupData.orderId(12345)));
        if (orderNumber(key) != 12345) {
            throw new IllegalStateException("the output key is not written as the bench expects: "
                    + new String(key, StandardCharsets.UTF_8));
        }
        byte[] row = format.encodeValue(topic, Map.of(field, value));
        if (indexOf(row, pattern(field, value).getBytes(StandardCharsets.UTF_8), 0) < 0) {
            throw new IllegalStateException("the output value is not written as the bench expects: "
                    + new String(row, StandardCharsets.UTF_8));
        }
    }

    /** The bytes of a string field and its value in an output record's payload. */
    static String pattern(String field, String value) {
        return "\"" + field + "\":\"" + value + "\"";
    }

    /** The bytes of a string field of any value in an output record's payload. */
    static String anyValue(String field) {
        return "\"" + field + "\":\"";
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }

    /** A consumer's settings to read whole topics as the MongoDB sink does ({@code read_committed}), in big fetches. */
    static Properties readCommitted(InProcessKafka kafka) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return props;
    }
}
