package io.tapflow.testing;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits on a condition instead of a fixed sleep: Kafka, Connect and Debezium apply most things
 * asynchronously, so tests poll until what they expect is there.
 */
public final class Await {

    private Await() {
    }

    /**
     * The first value {@code read} gives that satisfies {@code condition}, polling every 100 ms; a read
     * that throws counts as "not yet" (a connector created a moment ago has no status yet).
     *
     * @throws AssertionError after {@code timeout}, naming what was awaited and the last value or error seen
     */
    public static <T> T until(String what, Duration timeout, Supplier<T> read, Predicate<T> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object lastSeen = "nothing";
        while (System.nanoTime() < deadline) {
            try {
                T value = read.get();
                if (condition.test(value)) {
                    return value;
                }
                lastSeen = value;
            } catch (RuntimeException e) {
                lastSeen = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
        throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for " + what
                + "; last seen: " + lastSeen);
    }
}
