package dev.knobs.eventing.payload;

import java.util.Map;

/**
 * {@code dev.knobs.trial-progress}: an intermediate result of a running trial — its metrics after
 * {@code step} epochs or boosting rounds (steps grow; any subset of steps may be reported). The
 * experiment's early-stopping rule may stop the trial on it; it then ends as pruned.
 */
public record TrialProgress(
        String experimentId, String trialId, long step, Map<String, Double> metrics) {
    public TrialProgress {
        if (step < 1) {
            throw new IllegalArgumentException("step must be at least 1");
        }
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
