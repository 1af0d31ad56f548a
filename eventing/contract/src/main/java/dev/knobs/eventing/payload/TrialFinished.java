package dev.knobs.eventing.payload;

import java.util.Map;

/**
 * {@code dev.knobs.trial-finished}: a trial ended. Sent by the trainer with its metrics, or by the
 * platform for a trial that died without reporting (then {@code reason}, {@code exitCode} and
 * {@code logTail} say why).
 */
public record TrialFinished(
        String experimentId,
        String trialId,
        TrialStatus status,
        Map<String, Double> metrics,
        ModelRef model,
        String reason,
        Integer exitCode,
        String logTail) {}
