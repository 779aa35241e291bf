package io.tapflow.runtime.connect;

import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.common.utils.Exit;

/**
 * Keeps an embedded Connect worker from ending the JVM.
 *
 * <p>When the herder thread of a distributed worker dies (for example it cannot create or read its
 * internal topics), Connect calls {@link Exit#exit(int)}: fine for Connect's own process, fatal for an
 * application that embeds it. Kafka's exit procedure is one per JVM, so this guard replaces it once: an exit
 * requested from the herder thread of a worker started here becomes an exception that ends only that
 * thread (the worker sees its herder task fail); every other exit request does what Kafka does by default,
 * {@link Runtime#exit(int)}.
 */
final class HerderExitGuard {

    /** Herder threads are named {@code DistributedHerder-connect-<workerId>-<n>} (Connect's default client id). */
    private static final String HERDER_THREAD = "DistributedHerder-connect-";
    private static final Set<String> GUARDED = ConcurrentHashMap.newKeySet();
    private static volatile boolean installed;

    private HerderExitGuard() {
    }

    /** Guards the herder thread of the worker {@code workerId}; returns the handle for {@link #release}. */
    static String claim(String workerId) {
        install();
        String prefix = HERDER_THREAD + workerId + "-";
        GUARDED.add(prefix);
        return prefix;
    }

    /** Stops guarding a worker's herder thread once the worker is stopped. */
    static void release(String prefix) {
        GUARDED.remove(prefix);
    }

    /** What ended a herder task that is done, for messages. */
    static String failureOf(Future<?> herderTask) {
        try {
            herderTask.get();
            return "its herder thread ended";
        } catch (ExecutionException e) {
            return e.getCause() instanceof HerderExit
                    ? "its herder thread failed (the ERROR logged by DistributedHerder says why)"
                    : String.valueOf(e.getCause());
        } catch (CancellationException e) {
            return "its herder thread was cancelled";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static synchronized void install() {
        if (installed) {
            return;
        }
        Exit.setExitProcedure((statusCode, message) -> {
            String thread = Thread.currentThread().getName();
            if (GUARDED.stream().anyMatch(thread::startsWith)) {
                throw new HerderExit("Connect asked to exit the JVM with status " + statusCode
                        + (message == null ? "" : ": " + message) + "; only the embedded worker stops");
            }
            Runtime.getRuntime().exit(statusCode);
        });
        installed = true;
    }

    /** Ends a guarded herder thread in place of the JVM. */
    static final class HerderExit extends RuntimeException {
        HerderExit(String message) {
            super(message);
        }
    }
}
