package io.tapflow.bench;

import io.tapflow.testing.InProcessKafka;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** How a benchmark knows a Streams application is done: its committed offsets cover every event. */
public final class CommittedOffsets {

    private CommittedOffsets() {
    }

    /**
     * Waits until group {@code groupId} has committed the end of every partition of {@code topic}: every event
     * was processed and its output committed.
     *
     * @throws IllegalStateException if that takes longer than {@code timeout}
     */
    static void awaitEnd(InProcessKafka kafka, String groupId, String topic, int partitions, Duration timeout)
            throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        long end = kafka.admin().listOffsets(latest).all().get().values().stream()
                .mapToLong(info -> info.offset()).sum();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, OffsetAndMetadata> committed = kafka.admin().listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get();
            long done = committed.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
            if (done >= end) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the benchmark did not finish within " + timeout.toMinutes() + " minutes");
    }

    /** The end offsets of every partition of these topics (topic to partition count), summed. */
    public static long endOffsets(InProcessKafka kafka, Map<String, Integer> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        topics.forEach((topic, partitions) -> {
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        });
        return kafka.admin().listOffsets(latest).all().get().values().stream().mapToLong(info -> info.offset()).sum();
    }

    /**
     * Whether group {@code groupId} has committed offsets summing to {@code end} or more on these topics: it has
     * read everything written to them (when nothing else is written).
     */
    public static boolean cover(InProcessKafka kafka, String groupId, java.util.Set<String> topics, long end)
            throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = kafka.admin().listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get();
        long done = committed.entrySet().stream().filter(e -> e.getValue() != null && topics.contains(e.getKey().topic()))
                .mapToLong(e -> e.getValue().offset()).sum();
        return done >= end;
    }
}
