package io.tapflow.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker keeps topics and records under its directory: a second start resumes. */
class BrokerRestartKeepsDataIT {

    private static final Duration START = Duration.ofSeconds(60);

    @Test
    void recordsWrittenBeforeARestartAreStillThere(@TempDir Path dir) throws Exception {
        String firstAddress;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, START)) {
            firstAddress = broker.bootstrapServers();
            assertThat(firstAddress).startsWith("127.0.0.1:");
            try (Admin admin = Admin.create(props(broker))) {
                admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props(broker), new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("orders", "o1", "first")).get();
            }
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, START)) {
            assertThat(broker.bootstrapServers()).isEqualTo(firstAddress);
            try (Admin admin = Admin.create(props(broker))) {
                assertThat(admin.listTopics().names().get()).contains("orders");
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props(broker), new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("orders", "o2", "second")).get();
            }
            assertThat(read(broker, "orders", 2)).containsExactly("first", "second");
        }
    }

    private static Properties props(EmbeddedKafkaBroker broker) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return props;
    }

    private static List<String> read(EmbeddedKafkaBroker broker, String topic, int count) {
        Properties props = props(broker);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }
}
