package io.tapflow.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The end-to-end benchmark: MariaDB → Debezium → (flow | SMTs) → MongoDB sink → MongoDB wire server, for
 * TapFlow and for the baseline pipeline with no stream processor, one after the other in the same JVM on
 * the same stack, over the same rows. Each pipeline runs every measurement in turn — snapshot, streaming,
 * latency at each steady rate — then is torn down before the next one starts, so they never compete.
 */
public final class EndToEndBench {

    private static final String WARMUP = "warmup";
    private static final int WARMUP_ROWS = 20_000;

    private final EndToEndSettings settings;

    public EndToEndBench(EndToEndSettings settings) {
        this.settings = settings;
    }

    /** Runs it and returns the markdown report. */
    public String run() throws Exception {
        Path directory = Files.createTempDirectory("tapflow-bench-e2e");
        List<PipelineResult> results = new ArrayList<>();
        double loadSeconds;
        try (BenchStack stack = BenchStack.start(directory, settings.encoding())) {
            List<Pipeline> measured = List.of(new SmtBaselinePipeline(stack, settings, ""),
                    new TapFlowPipeline(stack, settings, ""));
            List<Pipeline> warmups = List.of(new SmtBaselinePipeline(stack, settings, WARMUP),
                    new TapFlowPipeline(stack, settings, WARMUP));
            loadSeconds = load(stack, measured, settings.snapshotRows());
            load(stack, warmups, WARMUP_ROWS);
            // Each pipeline first runs once on a small table of its own, so that neither pays for the JIT and
            // class loading of the code both use (Debezium, converters, sink, MongoDB server) in its figures.
            for (Pipeline warmup : warmups) {
                warmUp(stack, warmup);
            }
            for (Pipeline pipeline : measured) {
                results.add(measure(stack, pipeline));
                stack.dropMongoDatabase();
                System.gc();
            }
        } finally {
            deleteQuietly(directory);
        }
        return EndToEndReport.markdown(settings, loadSeconds, results);
    }

    /** Loads {@code rows} orders into the first pipeline's database and copies them into the others'. */
    private static double load(BenchStack stack, List<Pipeline> pipelines, int rows) {
        long begin = System.nanoTime();
        pipelines.forEach(pipeline -> stack.orders.create(pipeline.database()));
        String first = pipelines.getFirst().database();
        try (Connection connection = stack.orders.connect(first); Statement statement = connection.createStatement()) {
            for (int i = 0; i < rows; i += 5_000) {
                OrdersDatabase.insert(statement, i, Math.min(5_000, rows - i));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load the orders table: " + e.getMessage(), e);
        }
        pipelines.stream().skip(1).forEach(pipeline -> stack.orders.copy(first, pipeline.database()));
        double seconds = (System.nanoTime() - begin) / 1e9;
        System.out.printf("bench e2e: %,d orders loaded into %d databases in %.1f s%n", rows, pipelines.size(), seconds);
        return seconds;
    }

    private static void warmUp(BenchStack stack, Pipeline pipeline) throws Exception {
        System.out.println("bench e2e: warm-up of " + pipeline.name());
        try (pipeline) {
            pipeline.prepare();
            SnapshotMeasurement.run(pipeline, stack, WARMUP_ROWS);
            StreamingMeasurement.run(pipeline, stack, WARMUP_ROWS, WARMUP_ROWS);
        }
        stack.dropMongoDatabase();
    }

    private PipelineResult measure(BenchStack stack, Pipeline pipeline) throws Exception {
        System.out.println("bench e2e: " + pipeline.name());
        try (pipeline) {
            pipeline.prepare();
            Map<String, String> described = pipeline.settings();
            SnapshotMeasurement.Result snapshot = SnapshotMeasurement.run(pipeline, stack, settings.snapshotRows());
            long nextOrder = settings.snapshotRows();
            StreamingMeasurement.Result streaming = StreamingMeasurement.run(pipeline, stack, nextOrder,
                    settings.streamingRows());
            nextOrder += settings.streamingRows();
            List<LatencyMeasurement.Result> latencies = new ArrayList<>();
            for (int rate : settings.rates()) {
                latencies.add(LatencyMeasurement.run(pipeline, stack, nextOrder, rate, settings.latencySeconds()));
                nextOrder += (long) rate * settings.latencySeconds();
            }
            long redelivered = stack.applied.collection(pipeline.collection()).replaced();
            return new PipelineResult(pipeline.name(), described, snapshot, streaming, latencies, redelivered);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("bench e2e: could not delete " + directory + ": " + e.getMessage());
        }
    }

    /** Everything measured of one pipeline. */
    record PipelineResult(String name, Map<String, String> settings, SnapshotMeasurement.Result snapshot,
                          StreamingMeasurement.Result streaming, List<LatencyMeasurement.Result> latencies,
                          long redelivered) {
    }
}
