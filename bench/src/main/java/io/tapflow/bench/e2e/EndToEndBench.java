package io.tapflow.bench.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The end-to-end benchmark: MariaDB → Debezium → (flow | SMTs) → MongoDB sink → MongoDB wire server, for
 * TapFlow and for the baseline pipeline with no stream processor, one after the other in the same JVM on
 * the same stack, over the same rows. Each pipeline runs every measurement in turn — snapshot, streaming,
 * latency at each steady rate — then is torn down before the next one starts, so they never compete.
 */
public final class EndToEndBench {

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
            loadSeconds = load(stack);
            // The baseline first: TapFlow then runs on a JVM as warm for Debezium and the sink, and colder for
            // Kafka Streams, which only it uses.
            List<BiFunction<BenchStack, EndToEndSettings, Pipeline>> pipelines = List.of(SmtBaselinePipeline::new,
                    TapFlowPipeline::new);
            for (BiFunction<BenchStack, EndToEndSettings, Pipeline> make : pipelines) {
                results.add(measure(stack, make.apply(stack, settings)));
                stack.dropMongoDatabase();
                System.gc();
            }
        } finally {
            deleteQuietly(directory);
        }
        return EndToEndReport.markdown(settings, loadSeconds, results);
    }

    private double load(BenchStack stack) {
        long begin = System.nanoTime();
        stack.orders.create(SmtBaselinePipeline.DATABASE);
        stack.orders.create(TapFlowPipeline.DATABASE);
        try (var connection = stack.orders.connect(TapFlowPipeline.DATABASE);
             var statement = connection.createStatement()) {
            for (int i = 0; i < settings.snapshotRows(); i += 5_000) {
                OrdersDatabase.insert(statement, i, Math.min(5_000, settings.snapshotRows() - i));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot load the orders table: " + e.getMessage(), e);
        }
        stack.orders.copy(TapFlowPipeline.DATABASE, SmtBaselinePipeline.DATABASE);
        double seconds = (System.nanoTime() - begin) / 1e9;
        System.out.printf("bench e2e: %,d orders loaded into both databases in %.1f s%n", settings.snapshotRows(), seconds);
        return seconds;
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
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (java.io.IOException e) {
            System.err.println("bench e2e: could not delete " + directory + ": " + e.getMessage());
        }
    }

    /** Everything measured of one pipeline. */
    record PipelineResult(String name, Map<String, String> settings, SnapshotMeasurement.Result snapshot,
                          StreamingMeasurement.Result streaming, List<LatencyMeasurement.Result> latencies,
                          long redelivered) {
    }
}
