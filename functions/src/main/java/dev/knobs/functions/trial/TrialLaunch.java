package dev.knobs.functions.trial;

import dev.knobs.eventing.payload.CustomTrainer;
import dev.knobs.eventing.payload.DatasetRef;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.Resources;
import java.util.Map;

/**
 * Everything a launcher needs to run one attempt of one trial, read from the database when its
 * {@code trial-requested} arrives (the event only names the trial). {@code reportProgress}: the
 * experiment stops trials early, so the trainer reports intermediate results. {@code
 * parallelTrials}: how many of the experiment's trials may run at once — a launcher that queues
 * (child processes) starts the next as soon as one ends.
 */
public record TrialLaunch(
        String experimentId,
        String trialId,
        int trialNumber,
        int attempt,
        Map<String, Object> parameters,
        String algorithm,
        CustomTrainer trainer,
        DatasetRef dataset,
        Objective objective,
        Resources resources,
        String modelUploadUrl,
        boolean reportProgress,
        int parallelTrials) {

    /** Whether this is the user's own program (an archive and a command, or an image). */
    public boolean custom() {
        return trainer != null;
    }
}
