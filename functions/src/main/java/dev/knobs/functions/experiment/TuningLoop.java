package dev.knobs.functions.experiment;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.experiment.TrialState;
import dev.knobs.domain.wiring.AdapterSettings;
import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.TrialFinished;
import dev.knobs.eventing.payload.TrialRequested;
import dev.knobs.eventing.payload.TrialStatus;
import dev.knobs.eventing.payload.UploadReceived;
import dev.knobs.functions.config.KnobsConfig;
import dev.knobs.functions.once.ProcessedEvents;
import dev.knobs.functions.outbox.Outbox;
import dev.knobs.functions.search.History;
import dev.knobs.functions.search.SearchAlgorithm;
import dev.knobs.functions.search.SearchAlgorithms;
import dev.knobs.functions.stopping.Numbers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tuning loop's state machine: an upload becomes an experiment, free slots get new trials from
 * the search, results are recorded and the experiment goes on, stops or finishes. Every handler
 * runs in one transaction that also records its event as processed and queues the events it causes
 * in the outbox, so a redelivered event changes nothing and no event is lost or sent for a change
 * that rolled back.
 */
@ApplicationScoped
public class TuningLoop {
    @Inject ProcessedEvents processed;
    @Inject Experiments experiments;
    @Inject Trials trials;
    @Inject Outbox outbox;
    @Inject Finishing finishing;
    @Inject KnobsConfig config;
    @Inject AdapterSettings adapters;

    /** upload-received: create the experiment and request its first trials. */
    @Transactional
    public void onUpload(UploadReceived upload, String key) {
        if (!processed.firstTime(key, "upload-received")
                || experiments.findById(upload.experimentId()) != null) {
            return;
        }
        SearchAlgorithms.named(upload.searchAlgorithm());
        Experiment e = new Experiment();
        e.id = upload.experimentId();
        e.owner = upload.owner();
        e.name = upload.name() == null ? upload.experimentId() : upload.name();
        e.status = ExperimentStatus.RUNNING;
        e.spec = Json.write(upload);
        e.objectiveMetric = upload.objective().metric();
        e.maximize = upload.objective().goal() == Objective.Goal.MAXIMIZE;
        e.maxTrials = upload.budget().maxTrials();
        e.createdAt = Instant.now();
        if (upload.budget().maxDurationSeconds() != null) {
            e.deadline = e.createdAt.plusSeconds(upload.budget().maxDurationSeconds());
        }
        experiments.persist(e);
        requestTrials(e, upload);
    }

    /** trial-requested: mark the trial running; true when the caller should launch it now. */
    @Transactional
    public boolean onTrialRequested(TrialRequested request, String key) {
        if (!processed.firstTime(key, "trial-requested")) {
            return false;
        }
        Trial t = trials.findById(request.trialId());
        if (t == null || t.state != TrialState.REQUESTED) {
            return false;
        }
        t.state = TrialState.RUNNING;
        t.startedAt = Instant.now();
        return true;
    }

    /**
     * trial-finished: record the result, then request more trials or select the best. Yields the
     * trials the caller must stop once this is committed (the goal was reached or the time spent).
     */
    @Transactional
    public List<String> onTrialFinished(TrialFinished finished, String key) {
        if (!processed.firstTime(key, "trial-finished")) {
            return List.of();
        }
        Experiment e = experiments.locked(finished.experimentId());
        if (e == null) {
            return List.of();
        }
        Trial t = trials.findById(finished.trialId());
        if (t == null || t.state.finished()) {
            return List.of();
        }
        UploadReceived upload = Experiments.spec(e);
        record(e, t, finished, upload);
        return afterTrialEnded(e, upload, t);
    }

    private static void record(Experiment e, Trial t, TrialFinished f, UploadReceived upload) {
        Map<String, Double> metrics = f.metrics() == null ? Map.of() : f.metrics();
        Double value = metrics.get(e.objectiveMetric);
        TrialState state =
                switch (f.status()) {
                    case SUCCEEDED ->
                            value == null || value.isNaN()
                                    ? TrialState.FAILED
                                    : TrialState.SUCCEEDED;
                    case FAILED -> TrialState.FAILED;
                    case PRUNED -> TrialState.PRUNED;
                };
        if (t.lastStep != null && f.metrics() != null && f.metrics().isEmpty()) {
            metrics = Json.read(t.metrics, Json.NUMBERS);
        }
        t.state = state;
        t.metrics = Json.write(metrics);
        t.objectiveValue = state == TrialState.SUCCEEDED ? value : null;
        t.reason =
                f.status() == TrialStatus.SUCCEEDED && state == TrialState.FAILED
                        ? "the trial reported no '"
                                + e.objectiveMetric
                                + "' metric; it reported "
                                + metrics.keySet()
                        : f.reason();
        t.exitCode = f.exitCode();
        t.logTail = f.logTail();
        if (f.model() != null) {
            t.modelUrl = f.model().url();
            t.modelFormat = f.model().format();
        }
        t.finishedAt = Instant.now();
        e.trialsFinished++;
        if (state == TrialState.FAILED) {
            e.trialsFailed++;
        } else if (state == TrialState.PRUNED) {
            e.trialsPruned++;
        }
        if (state == TrialState.SUCCEEDED
                && (e.bestValue == null || upload.objective().better(value, e.bestValue))) {
            e.bestValue = value;
            e.bestTrialId = t.id;
        }
    }

    /**
     * A trial ended (finished, failed or pruned): stop the experiment when its goal is reached or
     * its time spent, else fill the freed slot; select the best once nothing runs. Yields the
     * trials to stop after commit.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<String> afterTrialEnded(Experiment e, UploadReceived upload, Trial t) {
        if (e.status != ExperimentStatus.RUNNING) {
            return List.of();
        }
        if (e.stopReason == null && e.trialsFailed > upload.budget().maxFailedTrials()) {
            e.stopReason = "more than " + upload.budget().maxFailedTrials() + " trials failed";
        }
        if (e.stopReason == null
                && t.state == TrialState.SUCCEEDED
                && upload.objective().reached(t.objectiveValue)) {
            return finishing.stopAll(e, upload, goalReached(e, t, upload));
        }
        if (e.stopReason == null && e.deadline != null && !Instant.now().isBefore(e.deadline)) {
            return finishing.stopAll(e, upload, Finishing.timeSpent(upload));
        }
        if (e.stopReason == null) {
            requestTrials(e, upload);
        }
        if (e.trialsRunning() == 0) {
            finishing.finish(e, upload);
        }
        return List.of();
    }

    private static String goalReached(Experiment e, Trial t, UploadReceived upload) {
        return "trial "
                + t.number
                + " reached the goal: "
                + e.objectiveMetric
                + " "
                + Numbers.show(t.objectiveValue)
                + (e.maximize ? " ≥ " : " ≤ ")
                + Numbers.show(upload.objective().target());
    }

    /**
     * Fills the free parallel slots with new trials, within the budget and what the search has
     * left.
     */
    private void requestTrials(Experiment e, UploadReceived upload) {
        SearchAlgorithm search = SearchAlgorithms.named(upload.searchAlgorithm());
        History history = history(e, search);
        long available = Math.min(upload.budget().maxTrials(), search.size(upload.searchSpace()));
        int outstanding = upload.budget().parallelTrials() * (1 + queuedPerSlot());
        while (e.trialsRunning() < outstanding && e.trialsRequested < available) {
            int number = e.trialsRequested + 1;
            var suggestion = search.suggest(upload.searchSpace(), upload.seed(), number, history);
            if (suggestion.isEmpty()) {
                break;
            }
            e.trialsRequested = number;
            Trial t = newTrial(e, number, suggestion.get());
            trials.persist(t);
            outbox.add(
                    new KnobsEvent<>(
                            EventIds.trialRequested(t.id),
                            EventSources.FUNCTIONS,
                            e.id,
                            request(upload, t)));
            history = history.withPending(suggestion.get());
        }
    }

    /**
     * Trials requested ahead per parallel slot, which the launcher holds until a slot frees: the
     * next trial starts the moment one ends instead of after a round trip of events. One for child
     * processes (a queue in the process that runs the trials); none for Jobs, which start when
     * created.
     */
    private int queuedPerSlot() {
        return adapters.trials() == AdapterSettings.Trials.PROCESS ? 1 : 0;
    }

    /**
     * What a learning search knows of the experiment: finished trials' values and the ones still
     * running.
     */
    private History history(Experiment e, SearchAlgorithm search) {
        if (!search.learns()) {
            return History.NONE;
        }
        trials.flush();
        List<History.Observation> completed = new ArrayList<>();
        List<Map<String, Object>> pending = new ArrayList<>();
        List<Map<String, Object>> pruned = new ArrayList<>();
        for (Trial t : trials.list("experimentId", e.id)) {
            Map<String, Object> parameters = Json.read(t.parameters, Json.VALUES);
            if (t.state == TrialState.SUCCEEDED && t.objectiveValue != null) {
                completed.add(new History.Observation(parameters, t.objectiveValue));
            } else if (!t.state.finished()) {
                pending.add(parameters);
            } else if (t.state == TrialState.PRUNED) {
                pruned.add(parameters);
            }
        }
        return new History(completed, pending, pruned, e.maximize);
    }

    private static Trial newTrial(Experiment e, int number, Map<String, Object> parameters) {
        Trial t = new Trial();
        t.id = EventIds.trialId(e.id, number);
        t.experimentId = e.id;
        t.number = number;
        t.state = TrialState.REQUESTED;
        t.parameters = Json.write(parameters);
        t.requestedAt = Instant.now();
        return t;
    }

    private TrialRequested request(UploadReceived upload, Trial t) {
        String modelUrl = config.artifacts().baseUrl() + "/models/" + t.id;
        return new TrialRequested(
                upload.experimentId(),
                t.id,
                t.number,
                Json.read(t.parameters, Json.VALUES),
                upload.algorithm(),
                upload.trainer(),
                upload.dataset(),
                upload.objective(),
                upload.resources(),
                modelUrl,
                upload.earlyStopping().enabled(),
                upload.budget().parallelTrials());
    }
}
