package dev.knobs.eventing.payload;

/** How a trial ended. */
public enum TrialStatus {
    SUCCEEDED,
    FAILED,
    PRUNED
}
