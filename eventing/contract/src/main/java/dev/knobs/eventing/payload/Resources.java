package dev.knobs.eventing.payload;

/**
 * What one trial may use: CPU in cores (fractions allowed), memory in MiB, a deadline in seconds.
 */
public record Resources(double cpu, int memoryMb, int deadlineSeconds) {
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
