package io.tapflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs {@link UdfBench} and writes {@code bench/results/udf-interpreter.md} or {@code udf-optimizing.md},
 * after the GraalVM runtime the JVM's flags give.
 *
 * <p>Usage: {@code ./tap bench-udf [--interpreter] [--events N] [--warmup N] [--partitions P] [--threads T]}.
 */
public final class UdfBenchMain {

    private UdfBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        int events = 1_000_000;
        int warmup = 100_000;
        int partitions = 2;
        int threads = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("bench-udf: unknown option " + args[i]
                            + " (use --events N, --warmup N, --partitions P, --threads T)");
                    System.exit(2);
                }
            }
        }
        String report = new UdfBench(events, warmup, partitions, threads).run();
        Path dir = Path.of(System.getProperty("tapflow.bench.results", "bench/results"));
        Files.createDirectories(dir);
        Path file = dir.resolve("udf-" + UdfBench.mode() + ".md");
        Files.writeString(file, report);
        System.out.println(report);
        System.out.println("Report written to " + file.toAbsolutePath());
        System.exit(0);
    }
}
