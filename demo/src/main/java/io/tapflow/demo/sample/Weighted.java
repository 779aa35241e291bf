package io.tapflow.demo.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Values drawn with fixed weights, such as order statuses with Olist's frequencies. */
final class Weighted<T> {

    private final List<T> values;
    /** {@code cumulative[i]} is the sum of the weights of values {@code 0..i}. */
    private final long[] cumulative;

    private Weighted(List<T> values, long[] cumulative) {
        this.values = List.copyOf(values);
        this.cumulative = cumulative;
    }

    static <T> Builder<T> builder() {
        return new Builder<>();
    }

    T pick(SampleRandom random) {
        long x = random.nextLong(cumulative[cumulative.length - 1]);
        int i = Arrays.binarySearch(cumulative, x + 1);
        return values.get(i >= 0 ? i : -i - 1);
    }

    static final class Builder<T> {

        private final List<T> values = new ArrayList<>();
        private final List<Long> weights = new ArrayList<>();

        private Builder() {
        }

        Builder<T> add(T value, long weight) {
            if (weight <= 0) {
                throw new IllegalArgumentException("weight of " + value + " must be positive: " + weight);
            }
            values.add(value);
            weights.add(weight);
            return this;
        }

        Weighted<T> build() {
            long[] cumulative = new long[weights.size()];
            long sum = 0;
            for (int i = 0; i < cumulative.length; i++) {
                sum += weights.get(i);
                cumulative[i] = sum;
            }
            return new Weighted<>(values, cumulative);
        }
    }
}
