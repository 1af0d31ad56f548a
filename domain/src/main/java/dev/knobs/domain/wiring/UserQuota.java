package dev.knobs.domain.wiring;

import dev.knobs.eventing.payload.Resources;
import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * What one user's trials may hold at once: on a cluster ({@code knobs.adapters.trials=job}) CPU and
 * memory summed over all their running trials, and anywhere how many trials. Unset, a user is
 * bounded only by the cluster (and the namespace's ResourceQuota). Trials over it wait until the
 * user's others end; one trial that could never fit is refused at submission.
 */
@ConfigMapping(prefix = "knobs.trial.quota")
public interface UserQuota {
    /** CPUs one user's trials may hold at once ({@code KNOBS_TRIAL_QUOTA_CPU}). */
    Optional<Double> cpu();

    /** Memory in MiB one user's trials may hold at once ({@code KNOBS_TRIAL_QUOTA_MEMORY_MB}). */
    Optional<Long> memoryMb();

    /**
     * How many trials one user may run at once over all their experiments ({@code
     * KNOBS_TRIAL_QUOTA_TRIALS}) — on a cluster and on one machine alike, where the users share the
     * machine's slots.
     */
    Optional<Integer> trials();

    /** How many more trials the count allows beside the {@code held} running ones. */
    default int trialRoom(int held) {
        return trials().map(q -> Math.max(0, q - held)).orElse(Integer.MAX_VALUE);
    }

    /** Why one trial asking for {@code r} can never run under the quota; null when it can. */
    default String refusal(Resources r) {
        if (cpu().isPresent() && r.cpu() > cpu().get()) {
            return "a trial asks for "
                    + r.cpu()
                    + " CPUs but one user's trials hold "
                    + cpu().get();
        }
        if (memoryMb().isPresent() && r.memoryMb() > memoryMb().get()) {
            return "a trial asks for "
                    + r.memoryMb()
                    + " MiB of memory but one user's trials hold "
                    + memoryMb().get()
                    + " MiB";
        }
        return null;
    }

    /**
     * How many more trials asking for {@code each} fit beside what the user's trials hold now
     * ({@code cpuHeld}, {@code memoryHeld}); {@link Integer#MAX_VALUE} without a quota.
     */
    default int room(double cpuHeld, long memoryHeld, Resources each) {
        long byCpu =
                cpu().map(q -> (long) Math.floor((q - cpuHeld) / each.cpu() + 1e-9))
                        .orElse((long) Integer.MAX_VALUE);
        long byMemory =
                memoryMb()
                        .map(q -> (q - memoryHeld) / each.memoryMb())
                        .orElse((long) Integer.MAX_VALUE);
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, Math.min(byCpu, byMemory)));
    }
}
