package dev.knobs.eventing.trust;

import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.TrialFinished;
import dev.knobs.eventing.payload.TrialProgress;
import dev.knobs.eventing.payload.TrialStatus;

/**
 * The rules a running trial's report must follow, and the report as the platform passes it on: a
 * trial sends {@code trial-progress} and {@code trial-finished} about itself only, never says it
 * was lost, and names no model but the one it may write.
 */
public final class TrialReports {
    private TrialReports() {}

    /** Why the trial of {@code claim} may not send this event; null when it may. */
    public static String refusal(
            KnobsEvent<?> event, Credentials.TrialClaim claim, String modelUrl) {
        Object data = event.data();
        if (data instanceof TrialProgress p) {
            return about(p.trialId(), claim);
        }
        if (data instanceof TrialFinished f) {
            String other = about(f.trialId(), claim);
            if (other != null) {
                return other;
            }
            if (f.status() == TrialStatus.LOST) {
                return "only the platform says a trial was lost";
            }
            return f.model() != null && !modelUrl.equals(f.model().url())
                    ? "a trial's model is at " + modelUrl + ", nowhere else"
                    : null;
        }
        return "a trial sends trial-progress and trial-finished only, not " + event.type().type();
    }

    private static String about(String trialId, Credentials.TrialClaim claim) {
        return claim.trialId().equals(trialId)
                ? null
                : "this credential reports for trial " + claim.trialId() + " only";
    }

    /**
     * The report as the platform passes it on: the attempt's id, source and number, and the trial's
     * experiment as the database says.
     */
    public static KnobsEvent<?> forAttempt(
            KnobsEvent<?> event, Credentials.TrialClaim claim, String experimentId) {
        int attempt = claim.attempt();
        if (event.data() instanceof TrialFinished f) {
            return new KnobsEvent<>(
                    EventIds.trialFinished(f.trialId(), attempt),
                    EventSources.TRIALS,
                    experimentId,
                    new TrialFinished(
                            experimentId,
                            f.trialId(),
                            f.status(),
                            f.metrics(),
                            f.model(),
                            f.reason(),
                            f.exitCode(),
                            f.logTail(),
                            attempt));
        }
        TrialProgress p = (TrialProgress) event.data();
        return new KnobsEvent<>(
                EventIds.trialProgress(p.trialId(), attempt, p.step()),
                EventSources.TRIALS,
                experimentId,
                new TrialProgress(experimentId, p.trialId(), p.step(), p.metrics(), attempt));
    }
}
