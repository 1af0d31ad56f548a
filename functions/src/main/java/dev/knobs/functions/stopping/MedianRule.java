package dev.knobs.functions.stopping;

import java.util.Arrays;
import java.util.Optional;

/**
 * The median stopping rule (Golovin et al., "Google Vizier", 2017): at a step, a trial whose value
 * is worse than the median of the values the other trials reported at the same step is stopped. It
 * judges only from {@code minSteps} on and once at least {@code minTrials} other trials reported
 * that step, so the first trials always run to the end and set the bar.
 */
public final class MedianRule {
    private MedianRule() {}

    /** Why the trial should stop, or empty to let it go on. */
    public static Optional<String> judge(
            long step,
            double value,
            double[] others,
            boolean maximize,
            int minSteps,
            int minTrials) {
        if (step < minSteps || others.length < minTrials) {
            return Optional.empty();
        }
        double median = median(others);
        boolean worse = maximize ? value < median : value > median;
        if (!worse) {
            return Optional.empty();
        }
        return Optional.of(
                "stopped early by the median rule at step "
                        + step
                        + ": "
                        + Numbers.show(value)
                        + " is worse than the median "
                        + Numbers.show(median)
                        + " of "
                        + others.length
                        + " other trials at that step");
    }

    /** The median of {@code values} (the mean of the middle two for an even count). */
    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
