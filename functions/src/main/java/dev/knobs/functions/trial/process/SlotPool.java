package dev.knobs.functions.trial.process;

import dev.knobs.functions.trial.TrialLaunch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The machine's trial slots: trials run only while the CPU and memory they ask for fit in what the
 * machine has, and no more of one experiment at once than its {@code parallelTrials}; the others
 * wait, in the order they came. A trial that does not fit holds back those behind it that would
 * take what it waits for (no starvation), but not those that fit beside it. Thread-safe.
 */
final class SlotPool {
    /** What the machine gives trials. */
    record Capacity(double cpu, long memoryMb) {}

    private final Capacity capacity;
    private final LinkedHashMap<String, TrialLaunch> waiting = new LinkedHashMap<>();
    private final Map<String, TrialLaunch> running = new HashMap<>();
    private double cpuInUse;
    private long memoryInUse;

    SlotPool(Capacity capacity) {
        this.capacity = capacity;
    }

    /** Why the trial can never run here (it asks for more than the machine has), or null. */
    String neverFits(TrialLaunch t) {
        if (t.resources().cpu() > capacity.cpu()) {
            return "the trial asks for "
                    + t.resources().cpu()
                    + " CPUs but this machine gives trials "
                    + capacity.cpu();
        }
        if (t.resources().memoryMb() > capacity.memoryMb()) {
            return "the trial asks for "
                    + t.resources().memoryMb()
                    + " MiB of memory but this machine gives trials "
                    + capacity.memoryMb()
                    + " MiB";
        }
        return null;
    }

    /** Whether the trial is running or waiting here. */
    synchronized boolean holds(String trialId) {
        return running.containsKey(trialId) || waiting.containsKey(trialId);
    }

    /** Queues a trial; it starts when {@link #next()} finds room for it. */
    synchronized void offer(TrialLaunch t) {
        if (!holds(t.trialId())) {
            waiting.put(t.trialId(), t);
        }
    }

    /**
     * Takes the waiting trials that fit now, marking them running, in the order they came. The
     * caller starts them and calls {@link #release} when each ends.
     */
    synchronized List<TrialLaunch> next() {
        List<TrialLaunch> start = new ArrayList<>();
        double cpuHeld = 0;
        long memoryHeld = 0;
        for (Iterator<TrialLaunch> it = waiting.values().iterator(); it.hasNext(); ) {
            TrialLaunch t = it.next();
            if (experimentFull(t)) {
                continue;
            }
            double cpu = t.resources().cpu();
            long memory = t.resources().memoryMb();
            boolean fits =
                    cpuInUse + cpuHeld + cpu <= capacity.cpu() + 1e-9
                            && memoryInUse + memoryHeld + memory <= capacity.memoryMb();
            if (fits) {
                it.remove();
                running.put(t.trialId(), t);
                cpuInUse += cpu;
                memoryInUse += memory;
                start.add(t);
            } else {
                // held for the first that waits: later ones only take what is left beside it
                cpuHeld += cpu;
                memoryHeld += memory;
            }
        }
        return start;
    }

    private boolean experimentFull(TrialLaunch t) {
        int limit = t.parallelTrials() > 0 ? t.parallelTrials() : Integer.MAX_VALUE;
        long mine =
                running.values().stream()
                        .filter(r -> r.experimentId().equals(t.experimentId()))
                        .count();
        return mine >= limit;
    }

    /** A running trial ended: its CPU and memory are free again. */
    synchronized void release(String trialId) {
        TrialLaunch t = running.remove(trialId);
        if (t != null) {
            cpuInUse -= t.resources().cpu();
            memoryInUse -= t.resources().memoryMb();
        }
    }

    /** Removes the waiting trials {@code which} selects; yields them. */
    synchronized List<TrialLaunch> withdraw(Predicate<TrialLaunch> which) {
        List<TrialLaunch> gone = new ArrayList<>();
        waiting.values()
                .removeIf(
                        t -> {
                            boolean match = which.test(t);
                            if (match) {
                                gone.add(t);
                            }
                            return match;
                        });
        return gone;
    }

    synchronized int runningCount() {
        return running.size();
    }

    synchronized double cpuInUse() {
        return cpuInUse;
    }
}
