package io.tapflow.bench.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the CPU went during a run, by component: the bench JVM's threads grouped by name (Debezium's task
 * and binlog reader, the flow's stream threads, the sink task, the MongoDB server, the broker), the JVM's
 * own work (GC, JIT), the MariaDB and schema registry child processes, and the whole machine, which other
 * users share. In cores: CPU seconds over wall seconds.
 */
public final class CpuUse {

    /** Components by thread-name fragment (lower case), first match wins. */
    private static final List<Map.Entry<String, String>> THREADS = List.of(
            Map.entry("tapflow-source", "Debezium (task, binlog reader, producer)"),
            Map.entry("debezium", "Debezium (task, binlog reader, producer)"),
            Map.entry("blc-", "Debezium (task, binlog reader, producer)"),
            Map.entry("binlog", "Debezium (task, binlog reader, producer)"),
            Map.entry("streamthread", "flow (Kafka Streams threads and producers)"),
            Map.entry("stateupdater", "flow (Kafka Streams threads and producers)"),
            Map.entry("tapflow-flow-", "flow (Kafka Streams threads and producers)"),
            Map.entry("tapflow-sink", "MongoDB sink task (consumer, SMTs, driver)"),
            Map.entry("mongo", "MongoDB server (mongo-java-server)"),
            Map.entry("nioeventloop", "MongoDB server (mongo-java-server)"),
            Map.entry("data-plane", "Kafka broker"),
            Map.entry("kafka-request-handler", "Kafka broker"),
            Map.entry("broker", "Kafka broker"),
            Map.entry("raft", "Kafka broker"),
            Map.entry("quorum", "Kafka broker"),
            Map.entry("log-cleaner", "Kafka broker"),
            Map.entry("executor-", "Kafka broker"),
            Map.entry("kafka-scheduler", "Kafka broker"),
            Map.entry("-coordinator-event-processor", "Kafka broker"),
            Map.entry("txnmarkersender", "Kafka broker"),
            Map.entry("addpartitionstotxn", "Kafka broker"),
            Map.entry("metadata-loader", "Kafka broker"),
            Map.entry("kafka-cluster-test-kit", "Kafka broker"),
            Map.entry("log-closing", "Kafka broker"),
            Map.entry("to-controller", "Kafka broker"),
            Map.entry("metrics-meter", "Kafka broker"),
            Map.entry("lookup-bench-watcher", "bench: output watcher (reads the flow's output)"));

    private static final String OTHER_THREADS = "other threads (Connect worker, bench, clients)";
    private static final long CLOCK_TICKS = 100;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> threadCpu;
    private final long processCpu;
    private final Map<String, Long> childCpu;
    private final long[] machine;
    private final long wallNanos;

    private CpuUse() {
        this.threadCpu = threadCpu();
        this.processCpu = processCpuNanos();
        this.childCpu = childCpuTicks();
        this.machine = machineTicks();
        this.wallNanos = System.nanoTime();
    }

    public static CpuUse start() {
        return new CpuUse();
    }

    /** Cores used by each component since {@link #start()}, largest first, then the machine's total. */
    public Map<String, Double> coresSinceStart() {
        double wall = (System.nanoTime() - wallNanos) / 1e9;
        Map<String, Double> cores = new LinkedHashMap<>();
        long threadsTotal = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long now = threads.getThreadCpuTime(info.getThreadId());
            if (now < 0) {
                continue;
            }
            long used = now - threadCpu.getOrDefault(info.getThreadId(), 0L);
            threadsTotal += used;
            cores.merge(component(info.getThreadName()), used / 1e9 / wall, Double::sum);
        }
        long process = processCpuNanos() - processCpu;
        cores.put("JVM (GC, JIT), native threads (RocksDB's, when a flow keeps state) and threads that ended",
                Math.max(0, process - threadsTotal) / 1e9 / wall);
        Map<String, Long> children = childCpuTicks();
        children.forEach((name, ticks) -> cores.put(name,
                (ticks - childCpu.getOrDefault(name, ticks)) / (double) CLOCK_TICKS / wall));
        Map<String, Double> sorted = new LinkedHashMap<>();
        cores.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        long[] now = machineTicks();
        if (machine != null && now != null) {
            sorted.put("whole machine (every process, other users too)",
                    (now[0] - machine[0]) / (double) CLOCK_TICKS / wall);
        }
        return sorted;
    }

    private static String component(String threadName) {
        String name = threadName.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> entry : THREADS) {
            if (name.contains(entry.getKey())) {
                return entry.getValue();
            }
        }
        return OTHER_THREADS;
    }

    private Map<Long, Long> threadCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            cpu.put(id, Math.max(0, threads.getThreadCpuTime(id)));
        }
        return cpu;
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    /** utime + stime of the MariaDB server and the schema registry, the bench's child processes. */
    private static Map<String, Long> childCpuTicks() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        ProcessHandle.current().descendants().forEach(child -> {
            String command = child.info().commandLine().orElse("");
            String name = command.contains("mariadbd") || command.contains("mysqld") ? "MariaDB server (process)"
                    : command.contains("quarkus") ? "schema registry (process)" : null;
            if (name != null) {
                ticks.merge(name, processTicks(child.pid()), Long::sum);
            }
        });
        return ticks;
    }

    private static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Busy ticks of every CPU of the machine, from /proc/stat; null where there is none. */
    private static long[] machineTicks() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = 0;
            // user nice system idle iowait irq softirq steal: busy is all but idle and iowait (guest is in user).
            for (int i = 1; i <= 8 && i < cpu.length; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(cpu[i]);
                }
            }
            return new long[] {busy};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
