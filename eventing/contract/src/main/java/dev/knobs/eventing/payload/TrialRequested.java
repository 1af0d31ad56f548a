package dev.knobs.eventing.payload;

import java.util.Map;

/**
 * {@code dev.knobs.trial-requested}: run one hyperparameter combination. It carries all a launcher
 * needs, so launching reads no state. {@code reportProgress}: the experiment stops trials early, so
 * the trainer should report intermediate results ({@code trial-progress}). {@code parallelTrials}:
 * how many of the experiment's trials may run at once — a launcher that holds requested trials in a
 * queue (the embedded one) starts the next as soon as one ends.
 */
public record TrialRequested(
        String experimentId,
        String trialId,
        int trialNumber,
        Map<String, Object> parameters,
        String algorithm,
        CustomTrainer trainer,
        DatasetRef dataset,
        Objective objective,
        Resources resources,
        String modelUploadUrl,
        boolean reportProgress,
        int parallelTrials) {}
