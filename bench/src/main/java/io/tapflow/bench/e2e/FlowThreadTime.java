package io.tapflow.bench.e2e;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Where the flow's stream threads spent a run: from Kafka Streams' own cumulative metrics and its
 * (transactional) producers', read at the start and the end, as a share of each thread's wall time.
 * Tells a flow that waits on its exactly-once commits from one that is busy processing.
 */
final class FlowThreadTime {

    /** Cumulative nanosecond metrics, and how the report names them. */
    private static final Map<String, String> TIMES = Map.of(
            "txn-commit-time-ns-total", "committing transactions (commitTransaction)",
            "txn-send-offsets-time-ns-total", "adding input offsets to transactions (sendOffsetsToTransaction)",
            "txn-begin-time-ns-total", "beginning transactions",
            "blocked-time-ns-total", "blocked on Kafka (poll waiting, producer and commit waits; Streams' own total)");

    private final KafkaStreams streams;
    private final Map<String, Double> start;
    private final long startNanos;

    private FlowThreadTime(KafkaStreams streams) {
        this.streams = streams;
        this.start = totals();
        this.startNanos = System.nanoTime();
    }

    static FlowThreadTime start(KafkaStreams streams) {
        return new FlowThreadTime(streams);
    }

    /** Each activity's share of the stream threads' wall time since {@link #start}, and commits a second. */
    Map<String, Double> sinceStart() {
        double wallNanos = System.nanoTime() - startNanos;
        Map<String, Double> now = totals();
        double threads = Math.max(1, streams.metadataForLocalThreads().size());
        Map<String, Double> shares = new LinkedHashMap<>();
        shares.put("commits per second (all threads)", (now.get("commit-total") - start.get("commit-total"))
                / (wallNanos / 1e9));
        shares.put("records processed per second", (now.get("process-total") - start.get("process-total"))
                / (wallNanos / 1e9));
        TIMES.forEach((metric, label) -> shares.put(label,
                (now.get(metric) - start.get(metric)) / (wallNanos * threads)));
        return shares;
    }

    private Map<String, Double> totals() {
        Map<String, Double> totals = new LinkedHashMap<>();
        totals.put("commit-total", 0.0);
        totals.put("process-total", 0.0);
        TIMES.keySet().forEach(metric -> totals.put(metric, 0.0));
        for (Map.Entry<MetricName, ? extends Metric> entry : streams.metrics().entrySet()) {
            MetricName name = entry.getKey();
            boolean thread = name.group().equals("stream-thread-metrics");
            boolean wanted = TIMES.containsKey(name.name()) && (thread || name.group().equals("producer-metrics"))
                    || thread && (name.name().equals("commit-total") || name.name().equals("process-total"));
            if (wanted && entry.getValue().metricValue() instanceof Number value) {
                totals.merge(name.name(), value.doubleValue(), Double::sum);
            }
        }
        return totals;
    }
}
