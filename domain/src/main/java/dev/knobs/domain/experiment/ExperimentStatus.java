package dev.knobs.domain.experiment;

/** Where an experiment is in its life. */
public enum ExperimentStatus {
    /** Trials are being requested and run. */
    RUNNING,
    /** The budget is spent and the best trial is being published. */
    PUBLISHING,
    /** The best model is served. */
    SUCCEEDED,
    /** No trial succeeded, or the winner could not be published. */
    FAILED,
    /** Stopped by its owner. */
    CANCELLED;

    public boolean ended() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
