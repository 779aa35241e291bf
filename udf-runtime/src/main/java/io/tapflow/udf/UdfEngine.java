package io.tapflow.udf;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.io.IOAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM's one polyglot engine, shared by every UDF context so that parsed code and the languages' own
 * start-up work are shared too, and the sandbox every context gets.
 *
 * <p>Sandbox: no file system, network, processes, threads, environment variables, native code or other
 * languages, and no Java beyond the record itself ({@link HostAccess#EXPLICIT} plus map and list access;
 * no host class lookup). A watchdog thread stops a call that runs past its time limit
 * ({@link Context#interrupt}) or allocates more than {@link #ALLOCATION_LIMIT_BYTES} (GraalVM's community
 * edition has no heap limit per context, so the allocations of the calling thread are watched instead). It
 * stops the call it chose and no other ({@link UdfInstance#stop}): a call is never run twice.
 */
public final class UdfEngine {

    /** What one call may allocate, in bytes, before it is stopped: far more than any per-record function needs. */
    public static final long ALLOCATION_LIMIT_BYTES = 256L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(UdfEngine.class);
    /** How often the watchdog looks at running calls. */
    private static final long WATCH_INTERVAL_MS = 10;
    /** How long the watchdog waits for a call it interrupts to stop before it tries again. */
    private static final Duration INTERRUPT_WAIT = Duration.ofMillis(200);
    /** All contexts on one engine must use the same host access. */
    static final HostAccess HOST_ACCESS = HostAccess.newBuilder(HostAccess.EXPLICIT)
            .allowMapAccess(true)
            .allowListAccess(true)
            .build();

    private static final class Holder {
        static final UdfEngine SHARED = new UdfEngine();
    }

    private final Engine engine;
    private final Set<UdfInstance> running = ConcurrentHashMap.newKeySet();
    private final Map<UdfLanguage, Context> checkers = new EnumMap<>(UdfLanguage.class);
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private UdfEngine() {
        this.engine = Engine.newBuilder()
                // The optimizing runtime needs JVM flags (see the README); without them the interpreter gives
                // the same results, slower, and Truffle would print a warning on every start.
                .option("engine.WarnInterpreterOnly", "false")
                .logHandler(OutputStream.nullOutputStream())
                .build();
        Thread watchdog = new Thread(this::watch, "tapflow-udf-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** The shared engine, created on first use (that first use takes a few seconds for Python). */
    public static UdfEngine shared() {
        return Holder.SHARED;
    }

    /** Whether Truffle runs UDFs with its optimizing compiler (needs JVMCI flags) or in its interpreter. */
    public String runtimeName() {
        return engine.getImplementationName();
    }

    /**
     * Parses a UDF's source without running it.
     *
     * @throws UdfSyntaxException with the line and column the parser reported
     */
    public void checkSyntax(UdfLanguage language, String source, String sourceName) {
        Context checker;
        synchronized (checkers) {
            checker = checkers.computeIfAbsent(language, l -> newContext(l, OutputStream.nullOutputStream()));
            try {
                checker.parse(Source.newBuilder(language.id(), source, sourceName).buildLiteral());
            } catch (PolyglotException e) {
                if (!e.isSyntaxError()) {
                    throw e;
                }
                SourceSection at = e.getSourceLocation();
                int line = at == null ? 0 : at.getStartLine();
                int column = at == null ? 0 : at.getStartColumn();
                throw new UdfSyntaxException(e.getMessage(), line, column);
            }
        }
    }

    Context newContext(UdfLanguage language, OutputStream out) {
        return Context.newBuilder(language.id())
                .engine(engine)
                .allowHostAccess(HOST_ACCESS)
                .allowHostClassLookup(className -> false)
                .allowIO(IOAccess.NONE)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowInnerContextOptions(false)
                .out(out)
                .err(out)
                .build();
    }

    /** The bytes the current thread allocated so far. */
    long allocatedBytes() {
        return threads.getCurrentThreadAllocatedBytes();
    }

    void watch(UdfInstance instance) {
        running.add(instance);
    }

    void unwatch(UdfInstance instance) {
        running.remove(instance);
    }

    private void watch() {
        while (true) {
            try {
                Thread.sleep(WATCH_INTERVAL_MS);
                long now = System.nanoTime();
                for (UdfInstance instance : running) {
                    UdfInstance.Call call = instance.currentCall();
                    if (call == null || call.stopped) {
                        continue;
                    }
                    UdfInstance.Stop reason = null;
                    if (now - call.deadline > 0) {
                        reason = UdfInstance.Stop.TIME;
                    } else if (threads.getThreadAllocatedBytes(call.threadId) - call.allocatedAtStart
                            > ALLOCATION_LIMIT_BYTES) {
                        reason = UdfInstance.Stop.MEMORY;
                    }
                    if (reason != null) {
                        // Stops this call only if it is still running: one that ended meanwhile is left alone,
                        // and so is the call after it. A call still running after the wait is tried next round.
                        instance.stop(call, reason, INTERRUPT_WAIT);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("UDF watchdog: {}", e.toString());
            }
        }
    }
}
