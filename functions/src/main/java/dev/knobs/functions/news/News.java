package dev.knobs.functions.news;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.experiment.TrialState;
import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.ExperimentFinished;
import dev.knobs.eventing.payload.ExperimentStarted;
import dev.knobs.eventing.payload.ModelPublicationFailed;
import dev.knobs.eventing.payload.TrialCompleted;
import dev.knobs.functions.metrics.FunctionsMeters;
import dev.knobs.functions.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Map;

/**
 * What the owner of an experiment or model hears about (the events for owners, {@link
 * dev.knobs.eventing.EventType#forOwners()}): queued in the outbox of the transaction that made the
 * change, so an owner is told if and only if it happened. Ids are derived from what they are about
 * (one start, one end per trial, one end per experiment), so a repeated call queues nothing new.
 */
@ApplicationScoped
public class News {
    @Inject Outbox outbox;
    @Inject EntityManager em;
    @Inject FunctionsMeters meters;

    @Transactional(Transactional.TxType.MANDATORY)
    public void experimentStarted(Experiment e, ExperimentSpec spec) {
        ExperimentStarted started =
                new ExperimentStarted(
                        e.id,
                        e.owner,
                        e.name,
                        spec.algorithm(),
                        spec.searchAlgorithm(),
                        spec.objective(),
                        spec.budget().maxTrials(),
                        spec.budget().parallelTrials());
        outbox.add(new KnobsEvent<>(run(e) + "/started", EventSources.FUNCTIONS, e.id, started));
    }

    /** A trial's end, once its state is final (a lost trial that runs again has not ended). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void trialEnded(Experiment e, Trial t) {
        if (!t.state.finished()) {
            throw new IllegalStateException("trial " + t.id + " has not ended: " + t.state);
        }
        TrialCompleted.Outcome outcome =
                switch (t.state) {
                    case SUCCEEDED -> TrialCompleted.Outcome.SUCCEEDED;
                    case PRUNED -> TrialCompleted.Outcome.PRUNED;
                    case STOPPED -> TrialCompleted.Outcome.STOPPED;
                    default -> TrialCompleted.Outcome.FAILED;
                };
        TrialCompleted completed =
                new TrialCompleted(
                        e.id,
                        e.owner,
                        t.id,
                        t.number,
                        outcome,
                        t.state == TrialState.SUCCEEDED ? null : t.reason,
                        Json.read(t.parameters, Json.VALUES),
                        t.metrics == null ? Map.of() : Json.read(t.metrics, Json.NUMBERS),
                        t.state == TrialState.SUCCEEDED ? t.objectiveValue : null);
        outbox.add(new KnobsEvent<>(t.id + "/completed", EventSources.FUNCTIONS, e.id, completed));
        meters.trialEnded(outcome.name(), t.startedAt, t.finishedAt);
    }

    /**
     * The experiment reached its end ({@code SUCCEEDED}, {@code FAILED} or {@code CANCELLED}): how,
     * why, its best trial and its model when there is one.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void experimentFinished(Experiment e) {
        Trial best = e.bestTrialId == null ? null : em.find(Trial.class, e.bestTrialId);
        ExperimentFinished finished =
                new ExperimentFinished(
                        e.id,
                        e.owner,
                        e.name,
                        outcome(e),
                        e.stopReason,
                        e.trialsFinished,
                        e.trialsFailed,
                        e.trialsPruned,
                        best == null || best.objectiveValue == null ? null : best(best),
                        e.modelName,
                        e.modelUrl);
        outbox.add(new KnobsEvent<>(run(e) + "/finished", EventSources.FUNCTIONS, e.id, finished));
    }

    /** Each run of an experiment (its first, each extension's) starts and ends once. */
    private static String run(Experiment e) {
        return EventIds.run(e.id, e.extensions);
    }

    private static ExperimentFinished.Outcome outcome(Experiment e) {
        if (e.status == ExperimentStatus.CANCELLED) {
            return ExperimentFinished.Outcome.CANCELLED;
        }
        if (e.status != ExperimentStatus.SUCCEEDED) {
            return ExperimentFinished.Outcome.FAILED;
        }
        return e.stopCause == null
                ? ExperimentFinished.Outcome.SUCCEEDED
                : ExperimentFinished.Outcome.valueOf(e.stopCause);
    }

    private static ExperimentFinished.BestTrial best(Trial t) {
        return new ExperimentFinished.BestTrial(
                t.id,
                t.number,
                Json.read(t.parameters, Json.VALUES),
                t.metrics == null ? Map.of() : Json.read(t.metrics, Json.NUMBERS),
                t.objectiveValue);
    }

    /** A model could not be served after the platform's tries. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publicationFailed(
            String model, String owner, String experimentId, int revision, String reason) {
        outbox.add(
                new KnobsEvent<>(
                        model + "/r" + revision + "/failed",
                        EventSources.FUNCTIONS,
                        experimentId == null ? model : experimentId,
                        new ModelPublicationFailed(model, owner, experimentId, revision, reason)));
    }
}
