package dev.knobs.eventing.payload;

import java.util.Map;

/**
 * {@code dev.knobs.trial-completed}: the platform recorded how one trial of an experiment ended —
 * the user-facing counterpart of the trial's own report ({@code trial-finished}), sent once per
 * trial, after retries of a lost trial are settled. {@code reason} says why a trial failed, was
 * pruned or stopped; {@code objectiveValue} is set when it succeeded.
 */
public record TrialCompleted(
        String experimentId,
        String owner,
        String trialId,
        int trialNumber,
        Outcome outcome,
        String reason,
        Map<String, Object> parameters,
        Map<String, Double> metrics,
        Double objectiveValue) {

    /** How the trial ended. */
    public enum Outcome {
        SUCCEEDED,
        FAILED,
        /** Stopped early by the experiment's early-stopping rule. */
        PRUNED,
        /** Stopped because its experiment ended (goal reached, time spent or cancelled). */
        STOPPED
    }
}
