package dev.knobs.eventing.payload;

/**
 * {@code dev.knobs.experiment-started}: an experiment began its search. For its owner's
 * subscriptions and notifications; nothing in it is secret.
 */
public record ExperimentStarted(
        String experimentId,
        String owner,
        String name,
        String algorithm,
        String searchAlgorithm,
        Objective objective,
        int maxTrials,
        int parallelTrials) {}
