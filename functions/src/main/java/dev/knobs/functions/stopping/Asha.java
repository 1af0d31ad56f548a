package dev.knobs.functions.stopping;

import java.util.Arrays;
import java.util.Optional;

/**
 * Asynchronous successive halving (Li et al., "A System for Massively Parallel Hyperparameter
 * Tuning", MLSys 2020). Rung {@code k} sits at step {@code minSteps × η^k}. A trial reaching a rung
 * records its current value there and goes on only if that value is among the best {@code 1/η} of
 * all values recorded at the rung so far, itself included. Nothing waits for a rung to fill: with
 * fewer than η values recorded, a trial goes on only if it is the best at the rung so far (trials
 * cannot be paused and resumed later, so this is how the first arrivals are judged).
 */
public final class Asha {
    private Asha() {}

    /** The step at which rung {@code k} sits. */
    public static long rungStep(int k, int minSteps, int eta) {
        long step = minSteps;
        for (int i = 0; i < k; i++) {
            step *= eta;
        }
        return step;
    }

    /** The highest rung a trial at {@code step} has reached, or -1 when below the first. */
    public static int highestRung(long step, int minSteps, int eta) {
        int k = -1;
        while (k < 62 && rungStep(k + 1, minSteps, eta) <= step) {
            k++;
        }
        return k;
    }

    /**
     * Why a trial with {@code value} at rung {@code k} should stop given the values recorded there
     * ({@code competing}, itself included), or empty to promote it.
     */
    public static Optional<String> judge(
            int k, long step, double value, double[] competing, boolean maximize, int eta) {
        double[] sorted = competing.clone();
        Arrays.sort(sorted);
        if (maximize) {
            reverse(sorted);
        }
        int keep = Math.max(1, sorted.length / eta);
        double bar = sorted[keep - 1];
        boolean promoted = maximize ? value >= bar : value <= bar;
        if (promoted) {
            return Optional.empty();
        }
        return Optional.of(
                "stopped early by ASHA at rung "
                        + k
                        + " (step "
                        + step
                        + "): "
                        + Numbers.show(value)
                        + " is not in the best "
                        + keep
                        + " of "
                        + sorted.length
                        + " values there (the bar is "
                        + Numbers.show(bar)
                        + ")");
    }

    private static void reverse(double[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            double t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
