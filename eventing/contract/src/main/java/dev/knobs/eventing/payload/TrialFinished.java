package dev.knobs.eventing.payload;

import java.util.Map;

/**
 * {@code dev.knobs.trial-finished}: a trial ended. Sent by the trainer with its metrics, or by the
 * platform for a trial that died without reporting (then {@code reason}, {@code exitCode} and
 * {@code logTail} say why). {@code status} {@code LOST}: the platform lost the trial (its process
 * was killed from outside, its Job vanished) — it is run again, not counted as failed. {@code
 * attempt}: which run of the trial ended (absent: the first).
 */
public record TrialFinished(
        String experimentId,
        String trialId,
        TrialStatus status,
        Map<String, Double> metrics,
        ModelRef model,
        String reason,
        Integer exitCode,
        String logTail,
        Integer attempt) {
    /** The end of the trial's first attempt. */
    public TrialFinished(
            String experimentId,
            String trialId,
            TrialStatus status,
            Map<String, Double> metrics,
            ModelRef model,
            String reason,
            Integer exitCode,
            String logTail) {
        this(experimentId, trialId, status, metrics, model, reason, exitCode, logTail, null);
    }

    /** Which attempt of the trial ended (1 when absent). */
    public int attemptOrFirst() {
        return attempt == null ? 1 : attempt;
    }

    /** The same report for attempt {@code n}. */
    public TrialFinished forAttempt(int n) {
        return new TrialFinished(
                experimentId, trialId, status, metrics, model, reason, exitCode, logTail, n);
    }
}
