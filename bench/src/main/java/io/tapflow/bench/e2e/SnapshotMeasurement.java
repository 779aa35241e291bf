package io.tapflow.bench.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Measure 1, the snapshot: the table holds {@code rows} rows before capture starts; from the moment the
 * Debezium connector is created until the collection holds every row. Also the time to the first document.
 */
final class SnapshotMeasurement {

    private SnapshotMeasurement() {
    }

    record Result(long rows, double seconds, double firstDocumentSeconds, List<StageProgress.StageTime> stages,
                  Map<String, Double> cores, Map<String, Double> flowTime) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    static Result run(Pipeline pipeline, BenchStack stack, long rows) throws Exception {
        AppliedDocuments.Collection target = stack.applied.collection(pipeline.collection());
        CompletableFuture<Long> done = target.whenSizeReaches(rows);
        CpuUse cpu = CpuUse.start();
        Optional<FlowThreadTime> flowTime = pipeline.streams().map(FlowThreadTime::start);
        long start;
        long end;
        StageProgress progress = StageProgress.track(pipeline.stages(), rows);
        try (progress) {
            start = System.currentTimeMillis();
            pipeline.startCapture();
            end = AppliedDocuments.await(done, Duration.ofSeconds(120 + rows / 2_000), pipeline.name() + ": the snapshot of "
                    + rows + " rows (" + target + ")");
        }
        Result result = new Result(rows, (end - start) / 1000.0, (target.firstInsertMillis() - start) / 1000.0,
                progress.times(start), cpu.coresSinceStart(),
                flowTime.map(FlowThreadTime::sinceStart).orElse(Map.of()));
        System.out.printf("bench e2e: %s snapshot %,d rows in %.1f s: %,.0f rows/s, first document after %.2f s%n",
                pipeline.name(), rows, result.seconds(), result.rowsPerSecond(), result.firstDocumentSeconds());
        return result;
    }
}
