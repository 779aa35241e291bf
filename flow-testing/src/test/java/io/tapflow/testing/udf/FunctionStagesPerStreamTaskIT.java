package io.tapflow.testing.udf;

import io.tapflow.testing.SampleTables;
import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.Flow;
import io.tapflow.testing.InProcessKafka;
import io.tapflow.topology.DeadLetterHeaders;
import io.tapflow.topology.FlowStreamsConfig;
import io.tapflow.topology.FlowTopics;
import io.tapflow.topology.FlowTopology;
import io.tapflow.topology.event.RawRecord;
import io.tapflow.topology.event.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * A Python and a JavaScript stage on a real in-process broker with two stream threads and four partitions: each
 * task gets its own contexts, every record comes out standardized, a failing record goes to the dead-letter
 * topic with its stack trace, and the flow stops cleanly (the contexts close with their tasks).
 */
class FunctionStagesPerStreamTaskIT {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void twoStreamThreadsEachRunTheirOwnContexts() throws Exception {
        Flow flow = Flow.named("orders_udf_it").readFrom("MySQL_ECommerce.ecom_orders")
                .py(SampleTables.STANDARDIZE_STATUS_PY)
                .js("""
                        function process(record, context) {
                          if (record.order_id === 'bad') {
                            throw new Error('bad order');
                          }
                          record.per_item = record.price / record.qty;
                          return record;
                        }
                        """)
                .writeTo("MongoDB_ECommerce.orders");
        WireFormat format = WireFormat.json(true);
        try (InProcessKafka kafka = InProcessKafka.start()) {
            FlowTopics topics = FlowTopics.of(flow.spec(), UdfFlowTest.ORDERS.topic());
            kafka.createTopics(4, topics.source(), topics.output(), topics.deadLetter());
            List<RawRecord> events = new ArrayList<>();
            String[] statuses = {"", "SendError", "delivered", "shipped"};
            int count = 200;
            for (int i = 0; i < count; i++) {
                events.addAll(UdfFlowTest.ORDERS.insert(UdfFlowTest.order("o" + i, statuses[i % 4])));
            }
            events.addAll(UdfFlowTest.ORDERS.insert(UdfFlowTest.order("bad", "shipped")));
            produce(kafka, topics.source(), events);

            Properties props = FlowStreamsConfig.of(flow.name() + "-" + UUID.randomUUID(), kafka.bootstrapServers());
            props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
            try (KafkaStreams streams = new KafkaStreams(FlowTopology.build(flow.spec(), topics, format), props)) {
                streams.start();
                List<ConsumerRecord<byte[], byte[]>> out = kafka.readCommitted(topics.output(), count, WAIT);
                Set<Object> standardized = new HashSet<>();
                for (ConsumerRecord<byte[], byte[]> record : out) {
                    Map<String, Object> doc = format.decodeValue(topics.output(), record.value());
                    standardized.add(doc.get("order_status"));
                    assertThat(doc).containsKey("per_item");
                }
                assertThat(out).hasSize(count);
                assertThat(standardized).containsExactlyInAnyOrder("invalid", "undeliverable", "delivered", "shipped");
                List<ConsumerRecord<byte[], byte[]>> dead = kafka.readCommitted(topics.deadLetter(), 1, WAIT);
                assertThat(dead).singleElement().satisfies(letter ->
                        assertThat(new String(letter.headers().lastHeader(DeadLetterHeaders.ERROR_TRACE).value(),
                                StandardCharsets.UTF_8)).contains("Error: bad order", "at process (js#1, line 3"));
                streams.close(Duration.ofSeconds(30));
                assertThat(streams.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
            }
        }
    }

    private static void produce(InProcessKafka kafka, String topic, List<RawRecord> records) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
            for (RawRecord record : records) {
                sent.add(producer.send(new ProducerRecord<>(topic, record.key(), record.value())));
            }
            producer.flush();
            for (java.util.concurrent.Future<?> ack : sent) {
                ack.get(); // a record the broker did not take fails the test here, not as a missing output later
            }
        }
    }
}
