package dev.ecomstream.generator.random;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fixed table of choices with relative weights, drawn in O(log n). The reference data is written as
 * such tables so the shape of the dataset (countries, categories, statuses) reads as data, not code.
 *
 * @param <T> the type of the choices
 */
public final class Weighted<T> {

    private final List<T> choices;
    private final double[] cumulative;

    private Weighted(List<T> choices, double[] cumulative) {
        this.choices = choices;
        this.cumulative = cumulative;
    }

    /** Starts a table; add choices with {@link Builder#add(Object, double)}. */
    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /** A table where every choice is as likely as any other. */
    @SafeVarargs
    public static <T> Weighted<T> uniform(T... choices) {
        Builder<T> builder = builder();
        for (T choice : choices) {
            builder.add(choice, 1);
        }
        return builder.build();
    }

    public T pick(SplittableRandom random) {
        double point = random.nextDouble() * cumulative[cumulative.length - 1];
        int index = Arrays.binarySearch(cumulative, point);
        // binarySearch gives -(insertion point) - 1 when the point falls between two bounds
        return choices.get(index >= 0 ? index + 1 : -index - 1);
    }

    public List<T> choices() {
        return choices;
    }

    /** Collects choices and weights. */
    public static final class Builder<T> {
        private final List<T> choices = new ArrayList<>();
        private final List<Double> weights = new ArrayList<>();

        public Builder<T> add(T choice, double weight) {
            if (!(weight > 0)) {
                throw new IllegalArgumentException("weight of " + choice + " must be positive, was " + weight);
            }
            choices.add(choice);
            weights.add(weight);
            return this;
        }

        public Weighted<T> build() {
            if (choices.isEmpty()) {
                throw new IllegalStateException("a weighted table needs at least one choice");
            }
            double[] cumulative = new double[weights.size()];
            double total = 0;
            for (int i = 0; i < cumulative.length; i++) {
                total += weights.get(i);
                cumulative[i] = total;
            }
            return new Weighted<>(List.copyOf(choices), cumulative);
        }
    }
}
