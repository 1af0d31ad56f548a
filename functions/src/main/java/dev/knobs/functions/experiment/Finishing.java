package dev.knobs.functions.experiment;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.Leaderboard;
import dev.knobs.domain.experiment.Submission;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.experiment.TrialState;
import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.BestSelected;
import dev.knobs.eventing.payload.CancelRequested;
import dev.knobs.eventing.payload.ExperimentFinished;
import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.eventing.payload.RankedTrial;
import dev.knobs.functions.news.News;
import dev.knobs.functions.once.ProcessedEvents;
import dev.knobs.functions.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How an experiment ends: its budget is spent (the best trial is selected and {@code best-selected}
 * queued, or it fails when no trial succeeded), its goal is reached or its time is up (running
 * trials are stopped, then the best so far is selected), or its owner cancels it (its trials are
 * stopped and nothing is published). Methods that stop trials yield their ids; the caller stops
 * them once the transaction committed.
 */
@ApplicationScoped
public class Finishing {
    @Inject ProcessedEvents processed;
    @Inject Experiments experiments;
    @Inject Trials trials;
    @Inject Outbox outbox;
    @Inject Submissions submissions;
    @Inject News news;

    /**
     * Ends the experiment now for {@code reason} ({@code cause}: the goal was reached or the time
     * spent): trials stopped, the best so far selected.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<String> stopAll(
            Experiment e, ExperimentSpec upload, String reason, ExperimentFinished.Outcome cause) {
        e.stopCause = cause.name();
        List<String> stopped = stopTrials(e, reason);
        finish(e, upload);
        return stopped;
    }

    /** Marks the requested and running trials stopped for {@code reason}; yields their ids. */
    private List<String> stopTrials(Experiment e, String reason) {
        e.stopReason = reason;
        List<String> stopped = new ArrayList<>();
        for (Trial r : trials.unfinished(e.id)) {
            r.state = TrialState.STOPPED;
            r.reason = "stopped by the platform: " + reason;
            r.finishedAt = Instant.now();
            e.trialsFinished++;
            e.trialsStopped++;
            stopped.add(r.id);
            news.trialEnded(e, r);
        }
        return stopped;
    }

    /**
     * cancel-requested: a running experiment stops now — its trials are stopped and nothing is
     * published. Too late once the best is being published. The authority is the owner's request
     * the front recorded with the submission, not the event.
     */
    @Transactional
    public List<String> onCancel(CancelRequested cancel, String key) {
        if (!processed.firstTime(key, "cancel-requested")) {
            return List.of();
        }
        return cancel(cancel.experimentId());
    }

    /** Cancels the experiment if its owner asked to (the submission says so) and it still runs. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<String> cancel(String experimentId) {
        Experiment e = experiments.locked(experimentId);
        Submission s = e == null ? null : submissions.findById(experimentId);
        if (e == null
                || s == null
                || s.cancelRequestedAt == null
                || e.status != ExperimentStatus.RUNNING) {
            return List.of();
        }
        List<String> stopped = stopTrials(e, "cancelled by its owner");
        e.status = ExperimentStatus.CANCELLED;
        e.finishedAt = Instant.now();
        news.experimentFinished(e);
        return stopped;
    }

    /** The time-budget sweep: ends {@code experimentId} if its time is spent at {@code now}. */
    @Transactional
    public List<String> expire(String experimentId, Instant now) {
        Experiment e = experiments.locked(experimentId);
        if (e == null
                || e.status != ExperimentStatus.RUNNING
                || e.deadline == null
                || now.isBefore(e.deadline)) {
            return List.of();
        }
        ExperimentSpec upload = Experiments.spec(e);
        return stopAll(
                e,
                upload,
                e.stopReason == null ? timeSpent(upload) : e.stopReason,
                ExperimentFinished.Outcome.TIME_SPENT);
    }

    static String timeSpent(ExperimentSpec upload) {
        return "the time budget of " + upload.budget().maxDurationSeconds() + " s was spent";
    }

    /**
     * Nothing runs any more: the leaderboard's first (ties go to the earlier trial) is the best and
     * {@code best-selected} carries the top ten; without a succeeded trial the experiment fails.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void finish(Experiment e, ExperimentSpec upload) {
        if (e.stopReason == null) {
            e.stopReason =
                    e.trialsRequested < upload.budget().maxTrials()
                            ? "the search space is exhausted after " + e.trialsRequested + " trials"
                            : "all " + e.trialsRequested + " trials finished";
        }
        List<Trial> top = trials.leaderboard(e, Leaderboard.SIZE);
        if (top.isEmpty()) {
            e.status = ExperimentStatus.FAILED;
            e.finishedAt = Instant.now();
            e.stopReason = e.stopReason + "; no trial succeeded";
            news.experimentFinished(e);
            return;
        }
        e.status = ExperimentStatus.PUBLISHING;
        e.bestTrialId = top.get(0).id;
        e.bestValue = top.get(0).objectiveValue;
        outbox.add(bestSelected(e, upload, top));
    }

    /** The top ten announced, best first; the functions publish the first's model. */
    private KnobsEvent<BestSelected> bestSelected(
            Experiment e, ExperimentSpec spec, List<Trial> top) {
        List<RankedTrial> ranked = new ArrayList<>();
        for (int i = 0; i < top.size(); i++) {
            ranked.add(ranked(i + 1, top.get(i)));
        }
        BestSelected best = new BestSelected(e.id, e.owner, spec.objective(), ranked, e.stopReason);
        return new KnobsEvent<>(
                EventIds.bestSelected(e.id, e.extensions), EventSources.FUNCTIONS, e.id, best);
    }

    /** Queues best-selected again for an experiment still publishing (its event was lost). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reselect(Experiment e) {
        outbox.add(bestSelected(e, Experiments.spec(e), trials.leaderboard(e, Leaderboard.SIZE)));
    }

    private static RankedTrial ranked(int rank, Trial t) {
        return new RankedTrial(
                rank,
                t.id,
                t.number,
                Json.read(t.parameters, Json.VALUES),
                t.metrics == null ? Map.of() : Json.read(t.metrics, Json.NUMBERS),
                t.objectiveValue,
                t.modelUrl == null ? null : new ModelRef(t.modelUrl, t.modelFormat));
    }
}
