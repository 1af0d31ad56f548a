package dev.knobs.eventing.payload;

import java.util.Map;

/**
 * {@code dev.knobs.trial-progress}: an intermediate result of a running trial — its metrics after
 * {@code step} epochs or boosting rounds (steps grow; any subset of steps may be reported). The
 * experiment's early-stopping rule may stop the trial on it; it then ends as pruned. {@code
 * attempt}: which run of the trial reported (absent: the first); a report of an earlier run than
 * the trial's current one changes nothing.
 */
public record TrialProgress(
        String experimentId,
        String trialId,
        long step,
        Map<String, Double> metrics,
        Integer attempt) {
    /** A report of the trial's first attempt. */
    public TrialProgress(
            String experimentId, String trialId, long step, Map<String, Double> metrics) {
        this(experimentId, trialId, step, metrics, null);
    }

    /** Which attempt of the trial reported (1 when absent). */
    public int attemptOrFirst() {
        return attempt == null ? 1 : attempt;
    }

    public TrialProgress {
        if (step < 1) {
            throw new IllegalArgumentException("step must be at least 1");
        }
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
