package io.tapflow.testing;

import static io.tapflow.testing.Orders.cleaned;
import static io.tapflow.testing.Orders.key;
import static io.tapflow.testing.Orders.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.topology.DeadLetterHeaders;
import io.tapflow.topology.FlowStreamsConfig;
import io.tapflow.topology.FlowTopics;
import io.tapflow.topology.FlowTopology;
import io.tapflow.topology.event.RawRecord;
import io.tapflow.topology.event.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example flow on a real in-process KRaft broker with exactly-once processing: Debezium-format
 * events produced to the change topic come out transformed on the output topic, and a poison event
 * lands in the dead-letter topic while the good events after it still flow.
 */
class StatelessFlowIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static InProcessKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = InProcessKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void brokerListensOnLoopbackOnly() {
        assertThat(kafka.bootstrapServers()).matches("(localhost|127\\.0\\.0\\.1):\\d+(,(localhost|127\\.0\\.0\\.1):\\d+)*");
    }

    @Test
    void changeEventsComeOutTransformedAndAPoisonEventIsSetAside() throws Exception {
        FlowTopics topics = FlowTopics.of(Orders.CLEAN.spec(), Orders.TABLE.topic());
        kafka.createTopics(3, topics.source(), topics.output(), topics.deadLetter());
        WireFormat format = WireFormat.json(true);

        Map<String, Object> o1 = order("o1", "c1", "delivered");
        Map<String, Object> o2 = order("o2", "c2", "shipped");
        Map<String, Object> o2Canceled = order("o2", "c2", "canceled");
        Map<String, Object> o3 = order("o3", "c3", "invoiced");
        List<RawRecord> events = new ArrayList<>();
        events.addAll(Orders.TABLE.snapshot(o1));
        events.addAll(Orders.TABLE.insert(o2));
        events.add(new RawRecord(format.encodeKey(topics.source(), key("o1")),
                "{\"schema\": 42, \"payload\": \"poison\"}".getBytes(StandardCharsets.UTF_8)));
        events.addAll(Orders.TABLE.update(o2, o2Canceled));
        events.addAll(Orders.TABLE.insert(o3));
        events.addAll(Orders.TABLE.delete(o1));
        produce(topics.source(), events);

        Properties props = FlowStreamsConfig.of(Orders.CLEAN.name() + "-" + UUID.randomUUID(), kafka.bootstrapServers());
        try (KafkaStreams streams = new KafkaStreams(FlowTopology.build(Orders.CLEAN.spec(), topics, format), props)) {
            streams.start();

            List<ConsumerRecord<byte[], byte[]>> dead = kafka.readCommitted(topics.deadLetter(), 1, WAIT);
            assertThat(dead).singleElement().satisfies(letter -> {
                assertThat(header(letter, DeadLetterHeaders.STAGE)).isEqualTo("read:ecom_orders");
                assertThat(header(letter, DeadLetterHeaders.FLOW)).isEqualTo("orders_clean");
                assertThat(header(letter, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(topics.source());
                assertThat(header(letter, DeadLetterHeaders.ERROR)).isNotBlank();
                assertThat(new String(letter.value(), StandardCharsets.UTF_8)).contains("poison");
            });

            // o1 upsert, o2 upsert, o2 delete (now canceled), o3 upsert, o1 delete.
            List<ConsumerRecord<byte[], byte[]>> out = kafka.readCommitted(topics.output(), 5, WAIT);
            List<FlowOutput> decoded = out.stream()
                    .map(r -> new FlowOutput(format.decodeKey(topics.output(), r.key()),
                            format.decodeValue(topics.output(), r.value())))
                    .toList();
            assertThat(decoded).containsExactlyInAnyOrder(
                    new FlowOutput(key("o1"), cleaned(o1)),
                    new FlowOutput(key("o2"), cleaned(o2)),
                    new FlowOutput(key("o2"), null),
                    new FlowOutput(key("o3"), cleaned(o3)),
                    new FlowOutput(key("o1"), null));
            // Per key, changes keep their order: the upsert of o1 comes before its delete.
            assertThat(decoded.indexOf(new FlowOutput(key("o1"), cleaned(o1))))
                    .isLessThan(decoded.indexOf(new FlowOutput(key("o1"), null)));
            assertThat(out).allSatisfy(r -> assertThat(r.headers().toArray()).isEmpty());
        }
    }

    private static void produce(String topic, List<RawRecord> records) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (RawRecord record : records) {
                producer.send(new ProducerRecord<>(topic, record.key(), record.value())).get();
            }
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        var header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
