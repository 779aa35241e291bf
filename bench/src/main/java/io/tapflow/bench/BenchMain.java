package io.tapflow.bench;

import io.tapflow.bench.e2e.EndToEndBench;
import io.tapflow.bench.e2e.EndToEndOptions;
import io.tapflow.bench.lookup.LookupBench;
import io.tapflow.bench.lookup.LookupOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs a benchmark and writes its markdown report under {@code bench/results/}.
 *
 * <p>Usage: {@code ./tap bench [stateless] [--events N] [--rounds R] [--partitions P] [--threads T]} (the
 * stateless flow against a passthrough topology, {@code stateless.md}), or {@code ./tap bench e2e [options]}
 * (MariaDB → flow → MongoDB against a Debezium → SMT → MongoDB sink pipeline, {@code end-to-end.md}; see
 * {@link EndToEndOptions}), or {@code ./tap bench lookup [options]} (the seed's flow with its customer lookup
 * against the same flow without it, {@code lookup.md}; see {@link LookupOptions}).
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        String report;
        String file;
        if (args.length > 0 && args[0].equals("e2e")) {
            report = new EndToEndBench(EndToEndOptions.parse(Arrays.copyOfRange(args, 1, args.length))).run();
            file = "end-to-end.md";
        } else if (args.length > 0 && args[0].equals("lookup")) {
            report = new LookupBench(LookupOptions.parse(Arrays.copyOfRange(args, 1, args.length))).run();
            file = "lookup.md";
        } else {
            report = stateless(args.length > 0 && args[0].equals("stateless") ? Arrays.copyOfRange(args, 1, args.length) : args);
            file = "stateless.md";
        }
        Path dir = Path.of(System.getProperty("tapflow.bench.results", "bench/results"));
        Files.createDirectories(dir);
        // One file per benchmark, overwritten by each run: git keeps the history.
        Path path = dir.resolve(file);
        Files.writeString(path, report);
        System.out.println(report);
        System.out.println("Report written to " + path.toAbsolutePath());
        System.exit(0);
    }

    private static String stateless(String[] args) throws Exception {
        int events = 1_000_000;
        int rounds = 2;
        int partitions = 2;
        // One stream thread per core, the same for every topology measured.
        int threads = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("bench: unknown option " + args[i]
                            + " (use --events N, --rounds R, --partitions P, --threads T; or 'e2e' or 'lookup' first for"
                            + " those benchmarks)");
                    System.exit(2);
                }
            }
        }
        return new StatelessFlowBench(events, rounds, partitions, threads).run();
    }
}
