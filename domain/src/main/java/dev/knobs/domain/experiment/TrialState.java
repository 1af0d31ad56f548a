package dev.knobs.domain.experiment;

/** A trial's state as the platform records it. */
public enum TrialState {
    REQUESTED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    PRUNED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == PRUNED;
    }
}
