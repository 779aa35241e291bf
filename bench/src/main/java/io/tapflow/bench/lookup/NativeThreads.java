package io.tapflow.bench.lookup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU of this process's threads that Java does not see, by what they do: the JVM's garbage collector and JIT
 * compilers, and RocksDB's background flushes and compactions. Read from {@code /proc/self/task} on Linux; empty
 * elsewhere. Threads that end between two samples are lost.
 */
final class NativeThreads {

    static final String GC = "JVM: garbage collection";
    static final String JIT = "JVM: JIT compilers";
    static final String ROCKSDB = "RocksDB background threads (flushes, compactions)";

    private static final double CLOCK_TICKS = 100;

    private final Map<String, Long> ticksByThread;

    private NativeThreads(Map<String, Long> ticksByThread) {
        this.ticksByThread = ticksByThread;
    }

    /** The CPU ticks of every native thread now. */
    static NativeThreads sample() {
        Map<String, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (category(comm) != null) {
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks.put(task.getFileName() + " " + comm, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended
                }
            });
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return new NativeThreads(ticks);
    }

    /** CPU seconds by category since {@code earlier}. */
    Map<String, Double> secondsSince(NativeThreads earlier) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        ticksByThread.forEach((thread, ticks) -> {
            String category = category(thread.substring(thread.indexOf(' ') + 1));
            long used = ticks - earlier.ticksByThread.getOrDefault(thread, 0L);
            seconds.merge(category, used / CLOCK_TICKS, Double::sum);
        });
        return seconds;
    }

    private static String category(String comm) {
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.equals("VM Thread")) {
            return GC;
        }
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
            return JIT;
        }
        if (comm.startsWith("rocksdb:")) {
            return ROCKSDB;
        }
        return null;
    }
}
