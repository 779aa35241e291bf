package io.tapflow.demo.sample;

import java.util.HexFormat;

/**
 * The sample's random numbers: SplitMix64, written out here rather than taken from the JDK so that the
 * sample is the same on every JVM and every Java version ({@link java.util.SplittableRandom} documents no
 * algorithm, and {@link java.util.Random}'s range methods changed in Java 17).
 *
 * <p>Each row draws from its own generator, seeded from the sample's seed, the table and the row's number
 * ({@link #forRow}): a row's values depend on nothing else, so a row can be made again on its own, and the
 * first rows of a small sample are the first rows of a large one.
 */
final class SampleRandom {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final HexFormat HEX = HexFormat.of();

    private long state;

    private SampleRandom(long state) {
        this.state = state;
    }

    /** The generator of row {@code row} of {@code table}, for the sample seeded with {@code seed}. */
    static SampleRandom forRow(long seed, String table, long row) {
        // String.hashCode is specified, so it is the same everywhere.
        return new SampleRandom(mix(mix(seed ^ table.hashCode()) + row * GOLDEN_GAMMA));
    }

    long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** A number in {@code [0, bound)}; {@code bound} must be positive. */
    int nextInt(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** A number in {@code [0, bound)}; {@code bound} must be positive. */
    long nextLong(long bound) {
        return Math.floorMod(nextLong(), bound);
    }

    /** A number in {@code [min, max]}. */
    long between(long min, long max) {
        return min + nextLong(max - min + 1);
    }

    /** A number in {@code [0, 1)}. */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** True with probability {@code p}. */
    boolean chance(double p) {
        return nextDouble() < p;
    }

    /** A number between {@code min} and {@code max} whose logarithm is uniform: small values are as likely as large ones, in ratio. */
    double logUniform(double min, double max) {
        return min * StrictMath.pow(max / min, nextDouble());
    }

    /** An approximately standard-normal number (the sum of twelve uniforms, less six). */
    double normal() {
        double sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += nextDouble();
        }
        return sum - 6;
    }

    /** 32 hexadecimal digits, like Olist's ids. */
    String hexId() {
        return HEX.toHexDigits(nextLong()) + HEX.toHexDigits(nextLong());
    }

    /** Stafford's mix 13, SplitMix64's finalizer. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
