package io.tapflow.runtime.catalog;

import io.tapflow.spec.DataSourceSpec;
import io.tapflow.spec.FlowSpec;
import io.tapflow.spec.FlowSpecs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The definitions saved to a cluster, kept in a compacted Kafka topic ({@value #TOPIC}): one record
 * per definition, keyed {@code datasource:<name>} or {@code flow:<name>}, valued with its JSON spec
 * (secrets as references only); a tombstone deletes. Any process connected to the cluster reads the same catalog.
 */
public final class Catalog implements AutoCloseable {

    /** The catalog topic. */
    public static final String TOPIC = "tapflow.catalog";
    private static final String DATA_SOURCE = "datasource:";
    private static final String FLOW = "flow:";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final KafkaProducer<String, String> producer;

    private Catalog(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** Opens the catalog of the cluster at {@code bootstrapServers}, creating its topic if needed. */
    public static Catalog open(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            NewTopic topic = new NewTopic(TOPIC, 1, (short) -1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(topic)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create the catalog topic " + TOPIC + " on " + bootstrapServers
                        + ": " + e.getCause().getMessage() + ". Fix: check that Kafka runs there and that TapFlow's user"
                        + " may create topics, or create " + TOPIC + " yourself (1 partition, cleanup.policy=compact).",
                        e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening the catalog", e);
        }
        return new Catalog(bootstrapServers);
    }

    /** Stores (or replaces) a data source definition; returns once the cluster has it. */
    public void put(DataSourceSpec spec) {
        send(DATA_SOURCE + spec.name(), FlowSpecs.toJson(spec));
    }

    /** Removes a data source definition. */
    public void removeDataSource(String name) {
        send(DATA_SOURCE + name, null);
    }

    /** The data source saved under this name, if any. */
    public Optional<DataSourceSpec> dataSource(String name) {
        String json = readAll().get(DATA_SOURCE + name);
        return Optional.ofNullable(json).map(FlowSpecs::dataSourceFromJson);
    }

    /** Every saved data source, in the order they were first saved. */
    public List<DataSourceSpec> dataSources() {
        List<DataSourceSpec> specs = new ArrayList<>();
        readAll().forEach((key, json) -> {
            if (key.startsWith(DATA_SOURCE)) {
                specs.add(FlowSpecs.dataSourceFromJson(json));
            }
        });
        return specs;
    }

    /** Stores (or replaces) a flow definition; returns once the cluster has it. */
    public void put(FlowSpec spec) {
        send(FLOW + spec.name(), FlowSpecs.toJson(spec));
    }

    /** Removes a flow definition. */
    public void removeFlow(String name) {
        send(FLOW + name, null);
    }

    /** The flow saved under this name, if any. */
    public Optional<FlowSpec> flow(String name) {
        String json = readAll().get(FLOW + name);
        return Optional.ofNullable(json).map(FlowSpecs::fromJson);
    }

    /** Every saved flow, in the order they were first saved. */
    public List<FlowSpec> flows() {
        List<FlowSpec> specs = new ArrayList<>();
        readAll().forEach((key, json) -> {
            if (key.startsWith(FLOW)) {
                specs.add(FlowSpecs.fromJson(json));
            }
        });
        return specs;
    }

    @Override
    public void close() {
        producer.close();
    }

    private void send(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(TOPIC, key, value)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write '" + key + "' to the catalog topic " + TOPIC + ": "
                    + e.getCause().getMessage() + ". Fix: check that Kafka at " + bootstrapServers
                    + " runs and accepts writes to " + TOPIC + ", then save again.", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the catalog", e);
        }
    }

    /** Reads the topic from the start to its current end: the latest value of every key. */
    private Map<String, String> readAll() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, String> latest = new LinkedHashMap<>();
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read the catalog topic " + TOPIC + " within "
                            + READ_TIMEOUT.toSeconds() + " s. Fix: check that Kafka at " + bootstrapServers
                            + " runs and that its partition of " + TOPIC + " has a leader.");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        latest.remove(record.key());
                    } else {
                        latest.put(record.key(), record.value());
                    }
                }
            }
        }
        return latest;
    }
}
