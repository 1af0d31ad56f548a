package dev.knobs.eventing.payload;

import java.util.Objects;

/** The metric to optimise and its direction. */
public record Objective(String metric, Goal goal) {
    public enum Goal {
        MINIMIZE,
        MAXIMIZE
    }

    public Objective {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(goal, "goal");
    }

    /** True when {@code a} is strictly better than {@code b} under this objective. */
    public boolean better(double a, double b) {
        return goal == Goal.MAXIMIZE ? a > b : a < b;
    }
}
