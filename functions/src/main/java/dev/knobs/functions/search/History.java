package dev.knobs.functions.search;

import java.util.List;
import java.util.Map;

/**
 * What a model-based search learns from: finished trials with their objective value, and trials
 * still running (whose outcome is unknown — a parallel slot must not suggest the same point).
 */
public record History(
        List<Observation> completed, List<Map<String, Object>> pending, boolean maximize) {
    /** One finished trial: its hyperparameters and its objective value. */
    public record Observation(Map<String, Object> parameters, double value) {}

    public static final History NONE = new History(List.of(), List.of(), false);

    public History {
        completed = List.copyOf(completed);
        pending = List.copyOf(pending);
    }

    /** The same history with one more running trial (for suggesting several trials at once). */
    public History withPending(Map<String, Object> parameters) {
        List<Map<String, Object>> more = new java.util.ArrayList<>(pending);
        more.add(parameters);
        return new History(completed, more, maximize);
    }
}
