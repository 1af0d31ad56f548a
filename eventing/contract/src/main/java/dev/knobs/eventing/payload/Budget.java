package dev.knobs.eventing.payload;

/**
 * How many trials to run, how many at once, how many may fail before the experiment stops, and
 * optionally how long the experiment may take: when that time is spent, running trials are stopped
 * and the best so far is published.
 */
public record Budget(
        int maxTrials, int parallelTrials, int maxFailedTrials, Integer maxDurationSeconds) {
    /** Thirty days. */
    public static final int MAX_DURATION_SECONDS = 30 * 24 * 3600;

    public Budget(int maxTrials, int parallelTrials, int maxFailedTrials) {
        this(maxTrials, parallelTrials, maxFailedTrials, null);
    }

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
        if (maxDurationSeconds != null
                && (maxDurationSeconds < 1 || maxDurationSeconds > MAX_DURATION_SECONDS)) {
            throw new IllegalArgumentException(
                    "maxDurationSeconds must be between 1 and " + MAX_DURATION_SECONDS);
        }
    }
}
