package io.tapflow.testing.lookup;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A small seeded property runner for the lookup properties (plain JUnit, no library). A property is a generator of
 * cases from a {@link Random} and a check that throws when a case fails. It runs a number of tries, each case from a
 * seed derived from a base seed, the property's name and the try's number; on a failure it shrinks the case by delta
 * debugging its list of changes and fails with the seeds, the minimal case and its failure.
 *
 * <p>System properties: {@code tapflow.properties.seed} (the base seed; fixed by default so that CI is
 * reproducible), {@code tapflow.properties.tries} (the tries of every property, instead of each one's own),
 * {@code tapflow.properties.case} (run only the case of this seed, as a failure prints it). Seeds may be decimal or
 * {@code 0x} hex.
 */
final class Properties {

    static final long DEFAULT_SEED = 0x7A9F_10C5_EED5L;
    /** At most this many checks while shrinking, so that a failure is reported in bounded time. */
    static final int MAX_SHRINK_CHECKS = 400;

    private Properties() {
    }

    /**
     * A generated case whose changes can be shrunk.
     *
     * @param <E> a change
     * @param <C> the case itself
     */
    interface Shrinkable<E, C extends Shrinkable<E, C>> {

        /** The changes, in order. */
        List<E> changes();

        /**
         * This case with only {@code kept} of its changes (in their order), made legal again: changes that became
         * illegal without the others are adapted or dropped. The result may have fewer changes than {@code kept}.
         */
        C withChanges(List<E> kept);

        /** Simpler cases with the same changes (fewer options, say), tried before the changes are shrunk. */
        default List<C> simpler() {
            return List.of();
        }
    }

    /** Runs the property: {@code tries} cases (unless overridden), shrinks and reports the first failing one. */
    static <E, C extends Shrinkable<E, C>> void check(String property, int tries, Function<Random, C> generator,
                                                        Consumer<C> check) {
        long base = seed("tapflow.properties.seed", DEFAULT_SEED);
        boolean oneCase = !System.getProperty("tapflow.properties.case", "").isBlank();
        int count = oneCase ? 1 : Integer.getInteger("tapflow.properties.tries", tries);
        for (int i = 0; i < count; i++) {
            long seed = oneCase ? seed("tapflow.properties.case", 0) : caseSeed(base, property, i);
            C generated = generator.apply(new Random(seed));
            Throwable failure = failure(check, generated);
            if (failure == null) {
                continue;
            }
            int[] checks = {0};
            C minimal = shrink(generated, c -> checks[0] < MAX_SHRINK_CHECKS && ++checks[0] > 0
                    && failure(check, c) != null);
            Throwable minimalFailure = failure(check, minimal);
            if (minimalFailure == null) { // flaky: report the case as generated
                minimal = generated;
                minimalFailure = failure;
            }
            AssertionError error = new AssertionError(String.format(
                    "property %s failed on try %d of %d: base seed 0x%x (-Dtapflow.properties.seed=0x%x), case seed "
                            + "0x%x (-Dtapflow.properties.case=0x%x)%nshrunk from %d to %d changes in %d checks%s; "
                            + "minimal case:%n%s%n%s",
                    property, i + 1, count, base, base, seed, seed, generated.changes().size(),
                    minimal.changes().size(), checks[0], checks[0] == MAX_SHRINK_CHECKS ? " (all allowed)" : "",
                    minimal, minimalFailure.getMessage()));
            if (!(minimalFailure instanceof AssertionError)) {
                error.initCause(minimalFailure); // its stack trace; an assertion's message says it all
            }
            throw error;
        }
    }

    /**
     * The smallest failing case found: first the simpler variants, then delta debugging of the changes (halves
     * first, then ever smaller chunks, down to single changes), until no removal keeps the case failing.
     */
    static <E, C extends Shrinkable<E, C>> C shrink(C failing, Predicate<C> fails) {
        C current = failing;
        for (boolean simplified = true; simplified; ) {
            simplified = false;
            for (C simpler : current.simpler()) {
                if (fails.test(simpler)) {
                    current = simpler;
                    simplified = true;
                    break;
                }
            }
        }
        int parts = 2;
        while (!current.changes().isEmpty()) {
            List<E> changes = current.changes();
            int size = changes.size();
            parts = Math.min(parts, size);
            int chunk = (size + parts - 1) / parts;
            boolean reduced = false;
            for (int start = 0; start < size && !reduced; start += chunk) {
                List<E> kept = new ArrayList<>(changes.subList(0, start));
                kept.addAll(changes.subList(Math.min(size, start + chunk), size));
                C candidate = current.withChanges(kept);
                if (candidate.changes().size() < size && fails.test(candidate)) {
                    current = candidate;
                    parts = Math.max(parts - 1, 2);
                    reduced = true;
                }
            }
            if (!reduced) {
                if (parts >= size) {
                    break; // no single change can go
                }
                parts = Math.min(size, parts * 2);
            }
        }
        return current;
    }

    /** The case seed of a try: the base seed, the property and the try number, mixed (SplitMix64's finalizer). */
    static long caseSeed(long base, String property, int i) {
        long z = base + 0x9E37_79B9_7F4A_7C15L * (property.hashCode() * 31L + i + 1);
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    private static <C> Throwable failure(Consumer<C> check, C c) {
        try {
            check.accept(c);
            return null;
        } catch (AssertionError | RuntimeException e) {
            return e;
        }
    }

    private static long seed(String name, long otherwise) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        String v = value.strip().toLowerCase();
        return v.startsWith("0x") ? Long.parseUnsignedLong(v.substring(2), 16) : Long.parseLong(v);
    }
}
