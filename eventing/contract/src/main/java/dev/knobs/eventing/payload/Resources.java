package dev.knobs.eventing.payload;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What one trial may use: CPU in cores (fractions allowed), memory in MiB, a deadline in seconds.
 */
public record Resources(double cpu, int memoryMb, int deadlineSeconds) {
    /**
     * A trial's resources as JSON gives them: what is left out takes the defaults (1, 1024, 900).
     */
    @JsonCreator
    public static Resources of(
            @JsonProperty("cpu") Double cpu,
            @JsonProperty("memoryMb") Integer memoryMb,
            @JsonProperty("deadlineSeconds") Integer deadlineSeconds) {
        return new Resources(
                cpu == null ? 1 : cpu,
                memoryMb == null ? 1024 : memoryMb,
                deadlineSeconds == null ? 900 : deadlineSeconds);
    }

    public Resources {
        if (!(cpu > 0) || cpu > 64) {
            throw new IllegalArgumentException("cpu must be above 0 and at most 64 cores");
        }
        if (memoryMb < 128 || memoryMb > 262_144) {
            throw new IllegalArgumentException("memoryMb must be between 128 and 262144");
        }
        if (deadlineSeconds < 1 || deadlineSeconds > 7 * 24 * 3600) {
            throw new IllegalArgumentException("deadlineSeconds must be between 1 and 604800");
        }
    }
}
