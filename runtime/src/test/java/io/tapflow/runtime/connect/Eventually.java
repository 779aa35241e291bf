package io.tapflow.runtime.connect;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until a value satisfies a condition: Connect applies most requests asynchronously. */
final class Eventually {

    private Eventually() {
    }

    /**
     * The first value {@code read} gives that satisfies {@code condition}; a read that throws counts as not
     * yet (Connect answers 404 for the status of a connector created a moment ago). Fails after 30 s with
     * the last value or error seen.
     */
    static <T> T await(String what, Supplier<T> read, Predicate<T> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
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
        throw new AssertionError("Timed out waiting for " + what + "; last seen: " + lastSeen);
    }
}
