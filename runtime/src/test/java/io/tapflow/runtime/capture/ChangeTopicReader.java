package io.tapflow.runtime.capture;

import io.tapflow.topology.event.ChangeEvent;
import io.tapflow.topology.event.Operation;
import io.tapflow.topology.event.WireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a Debezium change topic from its first record and keeps every change event, decoded with the JSON
 * converter with schemas; tombstones are skipped (Debezium writes one after each delete).
 */
final class ChangeTopicReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final WireFormat format = WireFormat.json(true);
    private final String topic;
    private final List<ChangeEvent> events = new ArrayList<>();

    ChangeTopicReader(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "change-reader-" + topic + "-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.consumer.subscribe(List.of(topic));
        this.topic = topic;
    }

    /** Every change event read so far, in topic order. */
    List<ChangeEvent> events() {
        poll();
        return List.copyOf(events);
    }

    /** Reads until the events read so far satisfy {@code condition}; fails after the stack's wait. */
    List<ChangeEvent> awaitEvents(String what, Predicate<List<ChangeEvent>> condition) {
        return CaptureStack.await(what + " on " + topic, this::events, condition);
    }

    /** How many events of each operation carry this key, e.g. {@code {SNAPSHOT=1, UPDATE=1}}. */
    Map<Operation, Long> opsFor(Map<String, Object> key) {
        Map<Operation, Long> counts = new java.util.EnumMap<>(Operation.class);
        events.stream().filter(event -> event.key().equals(key))
                .forEach(event -> counts.merge(event.op(), 1L, Long::sum));
        return counts;
    }

    private void poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> {
            ChangeEvent event = format.decode(topic, record.key(), record.value());
            if (event != null) {
                events.add(event);
            }
        });
    }

    @Override
    public void close() {
        consumer.close();
    }
}
