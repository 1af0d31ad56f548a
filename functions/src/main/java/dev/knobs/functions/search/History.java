package dev.knobs.functions.search;

import dev.knobs.eventing.payload.Objective;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a model-based search learns from: finished trials with their objective value, trials still
 * running (whose outcome is unknown — a parallel slot must not suggest the same point), and trials
 * stopped early by the early-stopping rule (known to be worse than their peers when stopped). With
 * a second objective ({@code second} its goal, null for one objective) each finished trial also has
 * its second value.
 */
public record History(
        List<Observation> completed,
        List<Map<String, Object>> pending,
        List<Map<String, Object>> pruned,
        boolean maximize,
        Objective.Goal second) {
    /**
     * One finished trial: its hyperparameters, its objective value and its second objective's (NaN
     * with one objective).
     */
    public record Observation(Map<String, Object> parameters, double value, double secondValue) {
        public Observation(Map<String, Object> parameters, double value) {
            this(parameters, value, Double.NaN);
        }
    }

    public static final History NONE = new History(List.of(), List.of(), List.of(), false);

    public History {
        completed = List.copyOf(completed);
        pending = List.copyOf(pending);
        pruned = List.copyOf(pruned);
    }

    public History(
            List<Observation> completed,
            List<Map<String, Object>> pending,
            List<Map<String, Object>> pruned,
            boolean maximize) {
        this(completed, pending, pruned, maximize, null);
    }

    /** Whether the search looks for the Pareto front of two objectives. */
    public boolean twoObjectives() {
        return second != null;
    }

    public History(
            List<Observation> completed, List<Map<String, Object>> pending, boolean maximize) {
        this(completed, pending, List.of(), maximize);
    }

    /** The same history with one more running trial (for suggesting several trials at once). */
    public History withPending(Map<String, Object> parameters) {
        List<Map<String, Object>> more = new ArrayList<>(pending);
        more.add(parameters);
        return new History(completed, more, pruned, maximize, second);
    }
}
