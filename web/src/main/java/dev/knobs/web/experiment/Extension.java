package dev.knobs.web.experiment;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.Submission;
import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.Budget;
import dev.knobs.eventing.payload.ExtensionRequested;
import dev.knobs.web.error.ConflictException;
import java.util.Locale;

/** What an owner's extension of an ended experiment's budget may be, and how it is recorded. */
final class Extension {
    private static final int MOST = Budget.MAX_TRIALS;

    private Extension() {}

    /**
     * Records {@code added} trials more on the submission {@code s} (locked) of experiment {@code
     * e}: refused while it runs or publishes, when it never started, or past {@value #MOST}.
     */
    static KnobsEvent<ExtensionRequested> record(Submission s, Experiment e, int added) {
        if (e == null || !e.status.ended()) {
            String state =
                    e == null
                            ? "still being set up"
                            : e.status.name().toLowerCase(Locale.ROOT)
                                    + (e.status == ExperimentStatus.PUBLISHING
                                            ? " its best model"
                                            : "");
            throw new ConflictException(
                    "experiment '"
                            + s.id
                            + "' is "
                            + state
                            + "; its budget can be extended once it has ended");
        }
        if (e.trialsRequested == 0) {
            throw new ConflictException(
                    "experiment '"
                            + s.id
                            + "' never started ("
                            + e.stopReason
                            + "); start a new one instead");
        }
        if (s.extensions > e.extensions) {
            throw new ConflictException(
                    "experiment '" + s.id + "' is being extended already; try again in a moment");
        }
        int now = s.trialsAsked();
        int budget = now + added;
        if (budget > MOST) {
            throw new IllegalArgumentException(
                    "the budget would reach "
                            + budget
                            + " trials; at most "
                            + MOST
                            + " (add up to "
                            + Math.max(0, MOST - now)
                            + ")");
        }
        s.extensions++;
        s.extraTrials += added;
        // a cancellation of an earlier run is not one of the next
        s.cancelRequestedAt = null;
        return new KnobsEvent<>(
                EventIds.extensionRequested(s.id, s.extensions),
                EventSources.WEB,
                s.id,
                new ExtensionRequested(s.id, s.owner, s.extensions));
    }
}
