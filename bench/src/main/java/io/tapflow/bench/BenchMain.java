package io.tapflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the benchmarks and writes a markdown report under {@code bench/results/}.
 *
 * <p>Usage: {@code ./tap bench [--events N] [--rounds R] [--partitions P] [--threads T]}.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
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
                            + " (use --events N, --rounds R, --partitions P, --threads T)");
                    System.exit(2);
                }
            }
        }
        StatelessFlowBench bench = new StatelessFlowBench(events, rounds, partitions, threads);
        String report = bench.run();
        Path dir = Path.of(System.getProperty("tapflow.bench.results", "bench/results"));
        Files.createDirectories(dir);
        // One file per benchmark, overwritten by each run: git keeps the history.
        Path file = dir.resolve("stateless.md");
        Files.writeString(file, report);
        System.out.println(report);
        System.out.println("Report written to " + file.toAbsolutePath());
        System.exit(0);
    }
}
