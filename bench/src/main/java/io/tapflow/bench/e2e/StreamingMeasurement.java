package io.tapflow.bench.e2e;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Measure 2, streaming: once the snapshot is in MongoDB, the writer inserts {@code rows} rows as fast as it
 * can (1,000 rows a statement, each statement its own transaction); from the first insert until the
 * collection holds every one of them.
 */
final class StreamingMeasurement {

    static final int ROWS_PER_STATEMENT = 1_000;

    private StreamingMeasurement() {
    }

    record Result(long rows, double seconds, double writerSeconds, List<StageProgress.StageTime> stages,
                  Map<String, Double> cores, Map<String, Double> flowTime) {
        double rowsPerSecond() {
            return rows / seconds;
        }

        double writerRowsPerSecond() {
            return rows / writerSeconds;
        }
    }

    static Result run(Pipeline pipeline, BenchStack stack, long firstOrder, int rows) throws Exception {
        AppliedDocuments.Collection target = stack.applied.collection(pipeline.collection());
        CompletableFuture<Long> done = target.whenSizeReaches(target.inserted() + rows);
        CpuUse cpu = CpuUse.start();
        Optional<FlowThreadTime> flowTime = pipeline.streams().map(FlowThreadTime::start);
        long start;
        long written;
        long end;
        StageProgress progress = StageProgress.track(pipeline.stages(), rows);
        try (progress; Connection connection = stack.orders.connect(pipeline.database());
             Statement statement = connection.createStatement()) {
            start = System.currentTimeMillis();
            for (int i = 0; i < rows; i += ROWS_PER_STATEMENT) {
                OrdersDatabase.insert(statement, firstOrder + i, Math.min(ROWS_PER_STATEMENT, rows - i));
            }
            written = System.currentTimeMillis();
            end = AppliedDocuments.await(done, Duration.ofSeconds(120 + rows / 2_000), pipeline.name() + ": "
                    + rows + " streamed rows (" + target + ")");
        }
        Result result = new Result(rows, (end - start) / 1000.0, (written - start) / 1000.0, progress.times(start),
                cpu.coresSinceStart(),
                flowTime.map(FlowThreadTime::sinceStart).orElse(Map.of()));
        System.out.printf("bench e2e: %s streaming %,d rows in %.1f s: %,.0f rows/s (writer %,.0f rows/s)%n",
                pipeline.name(), rows, result.seconds(), result.rowsPerSecond(), result.writerRowsPerSecond());
        return result;
    }
}
