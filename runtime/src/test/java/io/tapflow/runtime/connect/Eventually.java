package io.tapflow.runtime.connect;

import io.tapflow.testing.Await;
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
        return Await.until(what, Duration.ofSeconds(30), read, condition);
    }
}
