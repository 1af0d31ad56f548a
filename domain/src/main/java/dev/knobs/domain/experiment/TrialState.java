package dev.knobs.domain.experiment;

/** A trial's state as the platform records it. */
public enum TrialState {
    REQUESTED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    /** Stopped early by the experiment's early-stopping rule. */
    PRUNED,
    /**
     * Stopped by the platform before it ended: the experiment reached its goal, spent its time or
     * was cancelled.
     */
    STOPPED;

    public boolean finished() {
        return this != REQUESTED && this != RUNNING;
    }
}
