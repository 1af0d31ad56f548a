package dev.knobs.trainer.train;

import java.util.Map;

/**
 * Where a training run reports intermediate validation metrics after {@code step} epochs or
 * boosting rounds (for early stopping). Steps are reported on a fixed schedule ({@link #due}), the
 * same for every trial, so that trials can be compared at the same step.
 */
@FunctionalInterface
public interface Progress {
    Progress NONE = (step, metrics) -> {};

    void report(long step, Map<String, Double> metrics) throws Exception;

    default boolean active() {
        return this != NONE;
    }

    /**
     * Whether step {@code step} of {@code last} is reported: every step up to 10, every 5th up to
     * 100, every 25th after, and the last one.
     */
    static boolean due(long step, long last) {
        return step == last || step <= 10 || (step <= 100 && step % 5 == 0) || step % 25 == 0;
    }
}
