package io.tapflow.bench.e2e;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Measure 3, commit-to-document latency at a steady rate: every 10 ms the writer inserts {@code rate / 100}
 * rows in one statement (one transaction), stamped with its clock in {@code commit_ts}, for
 * {@code seconds}. Each document's latency is the time the MongoDB server applied it minus its
 * {@code commit_ts}, on the same machine clock (see {@link AppliedDocuments}): no polling.
 */
final class LatencyMeasurement {

    static final int TICKS_PER_SECOND = 100;

    private LatencyMeasurement() {
    }

    record Result(int rate, int seconds, long rows, double achievedRate, long p50, long p95, long p99, long max,
                  Map<String, Double> cores, Map<String, Double> flowTime) {
    }

    static Result run(Pipeline pipeline, BenchStack stack, long firstOrder, int rate, int seconds) throws Exception {
        if (rate % TICKS_PER_SECOND != 0) {
            throw new IllegalArgumentException("a steady rate must be a multiple of " + TICKS_PER_SECOND + " rows/s, not " + rate);
        }
        int perTick = rate / TICKS_PER_SECOND;
        int ticks = seconds * TICKS_PER_SECOND;
        long rows = (long) perTick * ticks;
        AppliedDocuments.Collection target = stack.applied.collection(pipeline.collection());
        CompletableFuture<Long> done = target.whenSizeReaches(target.inserted() + rows);
        target.startRecordingLatencies();
        CpuUse cpu = CpuUse.start();
        Optional<FlowThreadTime> flowTime = pipeline.streams().map(FlowThreadTime::start);
        long begin;
        long written;
        try (Connection connection = stack.orders.connect(pipeline.database());
             Statement statement = connection.createStatement()) {
            begin = System.nanoTime();
            long tickNanos = TimeUnit.SECONDS.toNanos(1) / TICKS_PER_SECOND;
            for (int tick = 0; tick < ticks; tick++) {
                long due = begin + tick * tickNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                OrdersDatabase.insert(statement, firstOrder + (long) tick * perTick, perTick);
            }
            written = System.nanoTime();
        }
        Map<String, Double> cores = cpu.coresSinceStart();
        Map<String, Double> flowShares = flowTime.map(FlowThreadTime::sinceStart).orElse(Map.of());
        AppliedDocuments.await(done, Duration.ofSeconds(120), pipeline.name() + ": the " + rows + " rows at "
                + rate + " rows/s (" + target + ")");
        AppliedDocuments.Latencies latencies = target.stopRecordingLatencies();
        // The writer falls behind when an insert takes longer than a tick; the report says what it reached.
        double achieved = rows / ((written - begin) / 1e9);
        Result result = new Result(rate, seconds, latencies.count(), achieved, latencies.percentile(50),
                latencies.percentile(95), latencies.percentile(99), latencies.max(), cores, flowShares);
        System.out.printf("bench e2e: %s at %,d rows/s (reached %,.0f) for %d s: p50 %d ms, p95 %d ms, p99 %d ms,"
                + " max %d ms%n", pipeline.name(), rate, achieved, seconds, result.p50(), result.p95(), result.p99(),
                result.max());
        return result;
    }
}
