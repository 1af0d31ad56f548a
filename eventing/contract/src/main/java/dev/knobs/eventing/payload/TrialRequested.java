package dev.knobs.eventing.payload;

/**
 * {@code dev.knobs.trial-requested}: run one attempt of one trial. It names the trial; what to run
 * (its hyperparameters, trainer, dataset and resources) the launching function reads from the
 * database.
 */
public record TrialRequested(String experimentId, String trialId, int trialNumber, int attempt) {
    public TrialRequested {
        attempt = Math.max(1, attempt);
    }
}
