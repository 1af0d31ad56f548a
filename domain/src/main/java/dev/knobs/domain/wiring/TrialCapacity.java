package dev.knobs.domain.wiring;

import io.smallrye.config.ConfigMapping;
import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * What trials on one machine may use at once ({@code knobs.adapters.trials=process}): by default
 * every core and three quarters of the memory. The functions never run more; the front refuses an
 * experiment whose one trial asks for more than all of it.
 */
@ConfigMapping(prefix = "knobs.trial.capacity")
public interface TrialCapacity {
    /** CPUs for trials, fractions allowed ({@code KNOBS_TRIAL_CAPACITY_CPU}). */
    Optional<Double> cpu();

    /** Memory for trials, in MiB ({@code KNOBS_TRIAL_CAPACITY_MEMORY_MB}). */
    Optional<Integer> memoryMb();

    default double cpus() {
        return cpu().orElse((double) Runtime.getRuntime().availableProcessors());
    }

    default long memory() {
        return memoryMb().map(Integer::longValue).orElseGet(TrialCapacity::threeQuarters);
    }

    /** Three quarters of the machine's memory, in MiB. */
    private static long threeQuarters() {
        long total =
                ((com.sun.management.OperatingSystemMXBean)
                                ManagementFactory.getOperatingSystemMXBean())
                        .getTotalMemorySize();
        return total / (1024 * 1024) * 3 / 4;
    }

    /** Why one trial asking for this much can never run here; null when it can. */
    default String refusal(double cpu, int memoryMb) {
        if (cpu > cpus()) {
            return "a trial asks for " + cpu + " CPUs but this machine gives trials " + cpus();
        }
        if (memoryMb > memory()) {
            return "a trial asks for "
                    + memoryMb
                    + " MiB of memory but this machine gives trials "
                    + memory()
                    + " MiB";
        }
        return null;
    }
}
