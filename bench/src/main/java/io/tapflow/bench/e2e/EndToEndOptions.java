package io.tapflow.bench.e2e;

import io.tapflow.runtime.Encoding;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command line of {@code ./tap bench e2e}: the sizes unless told otherwise.
 *
 * <pre>
 *   --rows N             rows snapshotted (1000000)
 *   --stream-rows N      rows streamed (200000)
 *   --latency-seconds S  seconds at each steady rate (60)
 *   --rates R1,R2        steady rates in rows/s, multiples of 100 (1000,5000)
 *   --partitions P       partitions per topic (2)
 *   --sink-tasks T       MongoDB sink tasks (2)
 *   --stream-threads T   the flow's Kafka Streams threads (2)
 *   --flow-config K=V    a Kafka Streams setting of the flow over the product's (FlowStreamsConfig);
 *                        repeatable, e.g. --flow-config commit.interval.ms=50
 *   --encoding avro|json records on the topics (avro)
 *   --as-shipped         without the bench-only tunings (see EndToEndSettings)
 *   --quick              50000 rows, 20000 streamed, 15 s per rate: a few minutes
 * </pre>
 */
public final class EndToEndOptions {

    private EndToEndOptions() {
    }

    /** The settings these arguments give; exits with status 2 and the usage on a wrong one. */
    public static EndToEndSettings parse(String[] args) {
        EndToEndSettings full = EndToEndSettings.full();
        int rows = full.snapshotRows();
        int streamRows = full.streamingRows();
        int seconds = full.latencySeconds();
        List<Integer> rates = full.rates();
        int partitions = full.partitions();
        int sinkTasks = full.sinkTasks();
        int streamThreads = full.streamThreads();
        Map<String, String> flowConfig = new LinkedHashMap<>();
        Encoding encoding = full.encoding();
        boolean tuned = true;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--rows" -> rows = Integer.parseInt(args[++i]);
                    case "--stream-rows" -> streamRows = Integer.parseInt(args[++i]);
                    case "--latency-seconds" -> seconds = Integer.parseInt(args[++i]);
                    case "--rates" -> rates = Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                    case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                    case "--sink-tasks" -> sinkTasks = Integer.parseInt(args[++i]);
                    case "--stream-threads" -> streamThreads = Integer.parseInt(args[++i]);
                    case "--flow-config" -> {
                        String[] setting = args[++i].split("=", 2);
                        if (setting.length != 2) {
                            throw new IllegalArgumentException("--flow-config takes key=value, not " + args[i]);
                        }
                        flowConfig.put(setting[0], setting[1]);
                    }
                    case "--encoding" -> encoding = Encoding.valueOf(args[++i].toUpperCase(Locale.ROOT));
                    case "--as-shipped" -> tuned = false;
                    case "--quick" -> {
                        rows = 50_000;
                        streamRows = 20_000;
                        seconds = 15;
                    }
                    case "--help" -> throw new IllegalArgumentException("the options of the end-to-end benchmark");
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (rates.stream().anyMatch(rate -> rate <= 0 || rate % LatencyMeasurement.TICKS_PER_SECOND != 0)) {
                throw new IllegalArgumentException("rates must be positive multiples of "
                        + LatencyMeasurement.TICKS_PER_SECOND + ": " + rates);
            }
        } catch (RuntimeException e) {
            System.err.println("bench e2e: " + e.getMessage() + "\nusage: ./tap bench e2e [--quick] [--rows N]"
                    + " [--stream-rows N] [--latency-seconds S] [--rates R1,R2] [--partitions P] [--sink-tasks T]"
                    + " [--stream-threads T] [--flow-config K=V] [--encoding avro|json] [--as-shipped]\n(defaults: the issue's sizes,"
                    + " 1000000 rows, 200000 streamed, 60 s at 1000,5000 rows/s, 2 partitions, 2 sink tasks, 2 stream"
                    + " threads, avro; --quick: 50000 rows, 20000 streamed, 15 s)");
            System.exit(args.length == 1 && args[0].equals("--help") ? 0 : 2);
        }
        return new EndToEndSettings(rows, streamRows, seconds, rates, partitions, sinkTasks, streamThreads,
                Map.copyOf(flowConfig), encoding, tuned);
    }
}
