package dev.knobs.eventing.payload;

/** How a trial ended. */
public enum TrialStatus {
    SUCCEEDED,
    FAILED,
    PRUNED,
    /**
     * Lost, not failed: killed from outside or its Job vanished. The platform runs it again, a few
     * times at most, and does not count it against the experiment's failure budget.
     */
    LOST
}
