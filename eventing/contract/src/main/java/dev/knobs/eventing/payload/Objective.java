package dev.knobs.eventing.payload;

import java.util.Objects;

/**
 * The metric to optimise, its direction and, optionally, a target value: the experiment ends as
 * soon as a trial reaches it.
 */
public record Objective(String metric, Goal goal, Double target) {
    public enum Goal {
        MINIMIZE,
        MAXIMIZE
    }

    public Objective {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(goal, "goal");
        if (target != null && !Double.isFinite(target)) {
            throw new IllegalArgumentException("objective.target must be a finite number");
        }
    }

    public Objective(String metric, Goal goal) {
        this(metric, goal, null);
    }

    /** True when {@code value} reaches the target (when one is set): the experiment can stop. */
    public boolean reached(double value) {
        return target != null && (goal == Goal.MAXIMIZE ? value >= target : value <= target);
    }

    /** True when {@code a} is strictly better than {@code b} under this objective. */
    public boolean better(double a, double b) {
        return goal == Goal.MAXIMIZE ? a > b : a < b;
    }
}
