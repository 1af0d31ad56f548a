package dev.knobs.trainer.train;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A trial's hyperparameter values, read with defaults and checked against what an algorithm
 * accepts.
 */
public final class Hyperparameters {
    private final Map<String, Object> values;

    public Hyperparameters(Map<String, Object> values) {
        this.values = Map.copyOf(values);
    }

    /** The same values with {@code name} set to {@code value}. */
    public Hyperparameters with(String name, Object value) {
        Map<String, Object> changed = new java.util.HashMap<>(values);
        changed.put(name, value);
        return new Hyperparameters(changed);
    }

    /**
     * Fails when a name is not one the algorithm knows: a typo must not silently waste an
     * experiment.
     */
    public void requireKnown(String algorithm, Set<String> accepted) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(accepted);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "algorithm '"
                            + algorithm
                            + "' has no hyperparameter "
                            + String.join(", ", unknown)
                            + "; it accepts "
                            + String.join(", ", new TreeSet<>(accepted)));
        }
    }

    public double real(String name, double fallback) {
        Object v = values.get(name);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(v.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "hyperparameter '" + name + "' must be a number, got '" + v + "'");
        }
    }

    public int integer(String name, int fallback) {
        double d = real(name, fallback);
        if (d != Math.rint(d)) {
            throw new IllegalArgumentException(
                    "hyperparameter '" + name + "' must be an integer, got " + values.get(name));
        }
        return (int) d;
    }

    public String text(String name, String fallback) {
        Object v = values.get(name);
        return v == null ? fallback : v.toString();
    }
}
