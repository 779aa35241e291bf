package io.tapflow.bench.e2e;

import io.tapflow.runtime.Encoding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one end-to-end run measures and with what.
 *
 * @param snapshotRows rows in the table before capture starts (the snapshot)
 * @param streamingRows rows inserted as fast as the writer can once the snapshot is in MongoDB
 * @param latencySeconds how long each steady rate runs
 * @param rates the steady rates, in rows per second, latency is measured at
 * @param partitions partitions of every topic a pipeline reads or writes (keyed: one key, one partition)
 * @param sinkTasks MongoDB sink tasks per pipeline
 * @param streamThreads Kafka Streams threads of the flow
 * @param flowConfig Kafka Streams settings over the product's ({@code FlowStreamsConfig}), to try a tuning
 *     of the flow, e.g. {@code commit.interval.ms=50}
 * @param encoding how records are written on the topics
 * @param tuned whether the bench-only tunings of {@link #debeziumTuning()} and {@link #sinkTuning()} apply
 */
record EndToEndSettings(int snapshotRows, int streamingRows, int latencySeconds, List<Integer> rates,
                        int partitions, int sinkTasks, int streamThreads, Map<String, String> flowConfig,
                        Encoding encoding, boolean tuned) {

    /** The sizes: 1M rows snapshot, 200k streamed, 60 s at 1k and 5k rows/s. */
    static EndToEndSettings full() {
        return new EndToEndSettings(1_000_000, 200_000, 60, List.of(1_000, 5_000), 2, 2, 2, Map.of(), Encoding.AVRO,
                true);
    }

    /**
     * Connector settings over the product's Debezium config, the same for both pipelines. Debezium hands
     * records to Connect when its batch is full or {@code poll.interval.ms} (500 ms by default) has passed:
     * at a steady 1k rows/s a 2,048-record batch never fills, so every row would wait up to half a second.
     * Larger producer batches help the snapshot.
     */
    Map<String, String> debeziumTuning() {
        Map<String, String> tuning = new LinkedHashMap<>();
        if (tuned) {
            tuning.put("poll.interval.ms", "10");
            tuning.put("producer.override.batch.size", Integer.toString(256 * 1024));
            tuning.put("producer.override.linger.ms", "5");
        }
        return tuning;
    }

    /**
     * Connector settings over the product's MongoDB sink config, the same for both pipelines. A sink
     * consumer reads uncommitted records by default, so it would write records of a flow transaction that
     * is later aborted: {@code read_committed} is what makes the flow's exactly-once reach MongoDB.
     */
    Map<String, String> sinkTuning() {
        Map<String, String> tuning = new LinkedHashMap<>();
        if (tuned) {
            tuning.put("consumer.override.isolation.level", "read_committed");
        }
        return tuning;
    }
}
