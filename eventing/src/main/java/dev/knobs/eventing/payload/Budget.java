package dev.knobs.eventing.payload;

/** How many trials to run, how many at once, and how many may fail before the experiment stops. */
public record Budget(int maxTrials, int parallelTrials, int maxFailedTrials) {
    public Budget {
        if (maxTrials < 1 || maxTrials > 10_000) {
            throw new IllegalArgumentException("maxTrials must be between 1 and 10000");
        }
        if (parallelTrials < 1 || parallelTrials > 256) {
            throw new IllegalArgumentException("parallelTrials must be between 1 and 256");
        }
        if (maxFailedTrials < 0) {
            throw new IllegalArgumentException("maxFailedTrials must not be negative");
        }
    }
}
