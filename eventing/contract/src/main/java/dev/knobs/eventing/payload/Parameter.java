package dev.knobs.eventing.payload;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One hyperparameter of a search space, in the JSON form the API accepts and events carry. The set
 * of kinds is closed: a float or int range (optionally log-scaled or stepped), a categorical
 * choice, or a fixed value.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Parameter.FloatRange.class, name = "float"),
    @JsonSubTypes.Type(value = Parameter.IntRange.class, name = "int"),
    @JsonSubTypes.Type(value = Parameter.Categorical.class, name = "categorical"),
    @JsonSubTypes.Type(value = Parameter.Fixed.class, name = "fixed")
})
public sealed interface Parameter {
    /** The largest integer a range may reach (beyond it doubles no longer hold every integer). */
    long MAX_INT = 1_000_000_000_000_000L;

    String name();

    /**
     * A real value in [low, high]; {@code log} samples uniformly in log space; step may be null.
     */
    record FloatRange(String name, double low, double high, boolean log, Double step)
            implements Parameter {
        public FloatRange {
            require(name);
            if (!Double.isFinite(low) || !Double.isFinite(high) || !Double.isFinite(high - low)) {
                throw new IllegalArgumentException(
                        name + ": the bounds must be finite numbers, got " + low + " and " + high);
            }
            if (!(low < high)) {
                throw new IllegalArgumentException(
                        name + ": low (" + low + ") must be below high (" + high + ")");
            }
            if (log && low <= 0) {
                throw new IllegalArgumentException(
                        name + ": a log scale needs a positive low bound, got " + low);
            }
            if (step != null && (!(step > 0) || step > high - low)) {
                throw new IllegalArgumentException(
                        name + ": step must be positive and at most high - low");
            }
            if (step != null
                    && (low + step == low || high - step == high || (high - low) / step > 1e15)) {
                throw new IllegalArgumentException(
                        name
                                + ": a step of "
                                + step
                                + " is too small for numbers this large to tell its values apart");
            }
        }
    }

    /**
     * An integer in [low, high] (both included), every {@code step}-th value from low; a missing
     * step is 1.
     */
    record IntRange(String name, long low, long high, boolean log, Long step) implements Parameter {
        public IntRange {
            require(name);
            step = step == null ? 1L : step;
            if (Math.abs(low) > MAX_INT || Math.abs(high) > MAX_INT) {
                throw new IllegalArgumentException(
                        name + ": integers range from -10^15 to 10^15 here");
            }
            if (low > high) {
                throw new IllegalArgumentException(
                        name + ": low (" + low + ") must not be above high (" + high + ")");
            }
            if (step < 1) {
                throw new IllegalArgumentException(name + ": step must be at least 1");
            }
            if (log && low <= 0) {
                throw new IllegalArgumentException(
                        name + ": a log scale needs a positive low bound, got " + low);
            }
        }
    }

    /** One of a list of values (strings or numbers). */
    record Categorical(String name, List<Object> choices) implements Parameter {
        public Categorical {
            require(name);
            if (choices == null || choices.isEmpty()) {
                throw new IllegalArgumentException(name + ": needs at least one choice");
            }
            if (choices.stream().distinct().count() != choices.size()) {
                throw new IllegalArgumentException(name + ": choices must be distinct");
            }
            choices = List.copyOf(choices);
        }
    }

    /** A value that every trial gets, e.g. {@code set epochs to 20}. */
    record Fixed(String name, Object value) implements Parameter {
        public Fixed {
            require(name);
            if (value == null) {
                throw new IllegalArgumentException(name + ": needs a value");
            }
        }
    }

    private static void require(String name) {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException(
                    "a parameter name starts with a letter or _ and holds letters, digits, _ . -;"
                            + " got "
                            + name);
        }
    }
}
