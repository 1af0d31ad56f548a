package dev.knobs.functions.trial;

import dev.knobs.eventing.payload.TrialRequested;

/**
 * The port that runs one trial under the trial contract. Adapters: {@code process} (a child
 * process, {@link dev.knobs.functions.trial.process.ProcessTrialLauncher}) and {@code job} (a
 * Kubernetes Job, {@link dev.knobs.functions.trial.job.JobTrialLauncher}). Launching is idempotent
 * per trial id. A trial that ends without reporting is reported as failed by the adapter.
 */
public interface TrialLauncher {
    void launch(TrialRequested request) throws Exception;

    /**
     * Stops a trial the platform has already recorded as over (pruned or stopped): its end is not
     * reported again. Idempotent; a trial not running here is ignored.
     */
    void stop(String trialId);

    /**
     * Stops several trials at once — for a launcher that queues trials, the waiting ones go first,
     * so that a slot freed by stopping one is not given to another being stopped.
     */
    default void stop(java.util.Collection<String> trialIds) {
        trialIds.forEach(this::stop);
    }
}
