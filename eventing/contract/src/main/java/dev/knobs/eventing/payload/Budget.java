package dev.knobs.eventing.payload;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How many trials to run, how many at once, how many may fail before the experiment stops, and
 * optionally how long the experiment may take: when that time is spent, running trials are stopped
 * and the best so far is published.
 */
public record Budget(
        int maxTrials, int parallelTrials, int maxFailedTrials, Integer maxDurationSeconds) {
    /** The most trials a budget may hold (extensions included). */
    public static final int MAX_TRIALS = 10_000;

    /** Thirty days. */
    public static final int MAX_DURATION_SECONDS = 30 * 24 * 3600;

    public Budget(int maxTrials, int parallelTrials, int maxFailedTrials) {
        this(maxTrials, parallelTrials, maxFailedTrials, null);
    }

    /**
     * A budget as JSON gives it: what is left out takes the defaults (12 trials, 3 at a time or
     * fewer, 3 may fail).
     */
    @JsonCreator
    public static Budget of(
            @JsonProperty("maxTrials") Integer maxTrials,
            @JsonProperty("parallelTrials") Integer parallelTrials,
            @JsonProperty("maxFailedTrials") Integer maxFailedTrials,
            @JsonProperty("maxDurationSeconds") Integer maxDurationSeconds) {
        int trials = maxTrials == null ? 12 : maxTrials;
        return new Budget(
                trials,
                parallelTrials == null ? Math.max(1, Math.min(3, trials)) : parallelTrials,
                maxFailedTrials == null ? 3 : maxFailedTrials,
                maxDurationSeconds);
    }

    public Budget {
        if (maxTrials < 1 || maxTrials > MAX_TRIALS) {
            throw new IllegalArgumentException("maxTrials must be between 1 and " + MAX_TRIALS);
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
