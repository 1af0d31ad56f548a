package dev.knobs.functions.trial;

/**
 * The port that runs one trial under the trial contract. Adapters: {@code process} (a child
 * process, {@link dev.knobs.functions.trial.process.ProcessTrialLauncher}) and {@code job} (a
 * Kubernetes Job, {@link dev.knobs.functions.trial.job.JobTrialLauncher}). Launching is idempotent
 * per trial id. A trial that ends without reporting is reported as failed by the adapter.
 */
public interface TrialLauncher {
    void launch(TrialLaunch launch) throws Exception;

    /**
     * Whether this attempt of the trial is still this launcher's to finish: running, waiting for a
     * slot, or ended with its report on the way. False means it is lost (its process or Job is
     * gone), and the platform runs it again.
     */
    boolean holds(String trialId, int attempt);

    /**
     * What became of an attempt the database says runs: it still runs here ({@link
     * Attempt#RUNNING}), it is gone ({@link Attempt#GONE}: lost), or it ended here without its
     * report arriving (a Job whose change event was lost: what the launcher would have reported).
     * One look per attempt; by default, whether it is held.
     */
    default Attempt attempt(String trialId, int attempt) {
        return holds(trialId, attempt) ? Attempt.RUNNING : Attempt.GONE;
    }

    /** An attempt as its launcher sees it. */
    record Attempt(boolean held, dev.knobs.eventing.payload.TrialFinished ended) {
        public static final Attempt RUNNING = new Attempt(true, null);
        public static final Attempt GONE = new Attempt(false, null);

        public static Attempt ended(dev.knobs.eventing.payload.TrialFinished report) {
            return new Attempt(true, report);
        }
    }

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
