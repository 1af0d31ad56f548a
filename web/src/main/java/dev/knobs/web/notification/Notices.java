package dev.knobs.web.notification;

import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.ExperimentFinished;
import dev.knobs.eventing.payload.ExperimentStarted;
import dev.knobs.eventing.payload.ModelPublicationFailed;
import dev.knobs.eventing.payload.ModelPublished;
import dev.knobs.eventing.payload.TrialCompleted;

/**
 * The sentence and link the notification centre shows for an event for owners; null for events that
 * belong on the experiment's page rather than in the centre (a trial that succeeded or was pruned,
 * a settings change the owner made themselves).
 */
final class Notices {
    private Notices() {}

    record Notice(String message, String url, String experimentId) {}

    static Notice of(KnobsEvent<?> event) {
        Object data = event.data();
        if (data instanceof ExperimentStarted s) {
            return new Notice(
                    "Experiment "
                            + s.name()
                            + " started: up to "
                            + s.maxTrials()
                            + " trials, "
                            + s.parallelTrials()
                            + " at a time.",
                    experiment(s.experimentId()),
                    s.experimentId());
        }
        if (data instanceof TrialCompleted t && t.outcome() == TrialCompleted.Outcome.FAILED) {
            return new Notice(
                    "Trial "
                            + t.trialNumber()
                            + " of experiment "
                            + t.experimentId()
                            + " failed: "
                            + t.reason(),
                    experiment(t.experimentId()),
                    t.experimentId());
        }
        if (data instanceof ExperimentFinished f) {
            return new Notice(finished(f), experiment(f.experimentId()), f.experimentId());
        }
        if (data instanceof ModelPublished p) {
            return new Notice(
                    "Your model "
                            + p.modelName()
                            + " (version "
                            + p.revision()
                            + ") is served at "
                            + p.url(),
                    "#model/" + p.modelName(),
                    p.experimentId());
        }
        if (data instanceof ModelPublicationFailed p) {
            return new Notice(
                    "Version "
                            + p.revision()
                            + " of model "
                            + p.modelName()
                            + " could not be served: "
                            + p.reason(),
                    "#model/" + p.modelName(),
                    p.experimentId());
        }
        return null;
    }

    private static String finished(ExperimentFinished f) {
        String how =
                switch (f.outcome()) {
                    case SUCCEEDED -> "finished";
                    case FAILED -> "failed";
                    case CANCELLED -> "was cancelled";
                    case GOAL_REACHED -> "reached its goal";
                    case TIME_SPENT -> "ran out of time";
                };
        StringBuilder s = new StringBuilder("Experiment " + f.name() + " " + how);
        if (f.best() != null) {
            s.append("; the best trial is number ").append(f.best().trialNumber());
        }
        if (f.modelUrl() != null) {
            s.append("; its model is served at ").append(f.modelUrl());
        }
        if (f.reason() != null && f.outcome() != ExperimentFinished.Outcome.SUCCEEDED) {
            s.append(" (").append(f.reason()).append(')');
        }
        return s.append('.').toString();
    }

    static String experiment(String id) {
        return "#experiment/" + id;
    }
}
