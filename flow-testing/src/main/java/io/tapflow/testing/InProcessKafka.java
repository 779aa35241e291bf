package io.tapflow.testing;

import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft Kafka broker inside this JVM, on loopback and a free port, for
 * integration tests and benchmarks. Its data lives in a temporary directory deleted on
 * {@link #close()}.
 */
public final class InProcessKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;
    private final Admin admin;

    private InProcessKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
        this.admin = cluster.admin();
    }

    /** Starts a combined controller+broker node and waits until it accepts clients. */
    public static InProcessKafka start() {
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    // One broker: every internal topic has one replica.
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    // The cleaner's default 128 MiB dedupe buffer would take most of a test JVM's heap.
                    .setConfigProp("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024))
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new InProcessKafka(cluster);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the in-process Kafka broker: " + e.getMessage(), e);
        }
    }

    /** {@code host:port} to give clients. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** An admin client for this broker, closed with it. */
    public Admin admin() {
        return admin;
    }

    /**
     * Creates topics with the given partition count; topics that exist already are left alone. Returns once every
     * partition has a leader: a producer that writes to a partition before it has one can lose records (its
     * retries then fail with "out of order sequence number").
     */
    public void createTopics(int partitions, String... topics) {
        List<NewTopic> newTopics = java.util.Arrays.stream(topics)
                .map(topic -> new NewTopic(topic, partitions, (short) 1)).toList();
        try {
            admin.createTopics(newTopics).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topics " + List.of(topics), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
        Await.until("a leader for every partition of " + List.of(topics), java.time.Duration.ofSeconds(30),
                () -> everyPartitionHasALeader(List.of(topics)), ready -> ready);
    }

    private boolean everyPartitionHasALeader(List<String> topics) {
        try {
            return admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .allMatch(topic -> topic.partitions().stream().allMatch(p -> p.leader() != null
                            && !p.leader().isEmpty()));
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for topic leaders", e);
        }
    }

    /**
     * Reads a topic from its start as a {@code read_committed} consumer (as the MongoDB sink reads): waits until
     * at least {@code count} records arrived, then reads on to the topic's committed end, so that records beyond
     * {@code count} (duplicates, say) are in the list too, without waiting a fixed time for them.
     *
     * @throws AssertionError if fewer than {@code count} records arrived within {@code timeout}, saying how many did
     */
    public List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> readCommitted(String topic, int count,
                                                                                              java.time.Duration timeout) {
        java.util.Properties props = new java.util.Properties();
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(props,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for " + count
                            + " records on " + topic + "; " + records.size() + " arrived");
                }
                consumer.poll(java.time.Duration.ofMillis(200)).forEach(records::add);
            }
            // Then to the committed end as it is now: whatever else is there, without a fixed wait.
            var end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(java.time.Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Stops the broker and deletes its data. */
    @Override
    public void close() {
        admin.close();
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the in-process Kafka broker", e);
        }
    }
}
