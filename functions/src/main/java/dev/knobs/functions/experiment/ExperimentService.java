package dev.knobs.functions.experiment;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.IntermediateResult;
import dev.knobs.domain.experiment.ProcessedEvent;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.experiment.TrialState;
import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.BestSelected;
import dev.knobs.eventing.payload.CancelRequested;
import dev.knobs.eventing.payload.EarlyStopping;
import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.RankedTrial;
import dev.knobs.eventing.payload.TrialFinished;
import dev.knobs.eventing.payload.TrialProgress;
import dev.knobs.eventing.payload.TrialRequested;
import dev.knobs.eventing.payload.TrialStatus;
import dev.knobs.eventing.payload.UploadReceived;
import dev.knobs.functions.config.KnobsConfig;
import dev.knobs.functions.outbox.Outbox;
import dev.knobs.functions.search.History;
import dev.knobs.functions.search.SearchAlgorithm;
import dev.knobs.functions.search.SearchAlgorithms;
import dev.knobs.functions.stopping.Asha;
import dev.knobs.functions.stopping.MedianRule;
import dev.knobs.functions.stopping.Numbers;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The tuning loop's state machine. Every handler runs in one transaction that also records the
 * event as processed ({@code source + id}) and queues the events it causes in the outbox, so a
 * redelivered event changes nothing and no event is lost or sent for a change that rolled back.
 */
@ApplicationScoped
public class ExperimentService {
    private static final Logger LOG = Logger.getLogger(ExperimentService.class);
    public static final int LEADERBOARD_SIZE = 10;

    @Inject Outbox outbox;
    @Inject KnobsConfig config;

    /** True the first time an event is seen; records it in the current transaction. */
    private Uni<Boolean> firstTime(String key, String type) {
        return ProcessedEvent.<ProcessedEvent>findById(key)
                .flatMap(
                        seen -> {
                            if (seen != null) {
                                LOG.debugf("already handled %s", key);
                                return Uni.createFrom().item(false);
                            }
                            ProcessedEvent p = new ProcessedEvent();
                            p.key = key;
                            p.type = type;
                            p.processedAt = Instant.now();
                            return p.persist().replaceWith(true);
                        });
    }

    /**
     * Runs {@code work} in one transaction the first time the event {@code key} is seen; a
     * redelivery changes nothing and yields {@code whenSeen}.
     */
    <T> Uni<T> once(String key, String type, T whenSeen, Supplier<Uni<T>> work) {
        return Panache.withTransaction(
                () ->
                        firstTime(key, type)
                                .flatMap(
                                        isNew ->
                                                isNew
                                                        ? work.get()
                                                        : Uni.createFrom().item(whenSeen)));
    }

    /** upload-received: create the experiment and request its first trials. */
    public Uni<Void> onUpload(UploadReceived upload, String key) {
        return once(
                key,
                "upload-received",
                null,
                () ->
                        Experiment.<Experiment>findById(upload.experimentId())
                                .flatMap(
                                        existing ->
                                                existing != null
                                                        ? Uni.createFrom().voidItem()
                                                        : create(upload)));
    }

    private Uni<Void> create(UploadReceived upload) {
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
        return e.persist().flatMap(x -> requestTrials(e, upload));
    }

    /**
     * Fills the free parallel slots with new trials, within the budget and what the search has
     * left.
     */
    private Uni<Void> requestTrials(Experiment e, UploadReceived upload) {
        SearchAlgorithm search = SearchAlgorithms.named(upload.searchAlgorithm());
        return history(e, search)
                .flatMap(
                        known -> {
                            History history = known;
                            long available =
                                    Math.min(
                                            upload.budget().maxTrials(),
                                            search.size(upload.searchSpace()));
                            List<Trial> trials = new ArrayList<>();
                            int outstanding =
                                    upload.budget().parallelTrials() * (1 + queuedPerSlot());
                            while (e.trialsRunning() < outstanding
                                    && e.trialsRequested < available) {
                                int number = e.trialsRequested + 1;
                                var suggestion =
                                        search.suggest(
                                                upload.searchSpace(),
                                                upload.seed(),
                                                number,
                                                history);
                                if (suggestion.isEmpty()) {
                                    break;
                                }
                                e.trialsRequested = number;
                                trials.add(newTrial(e, number, suggestion.get()));
                                history = history.withPending(suggestion.get());
                            }
                            Uni<Void> chain = Uni.createFrom().voidItem();
                            for (Trial t : trials) {
                                TrialRequested request = request(upload, t);
                                chain =
                                        chain.chain(() -> t.persist())
                                                .chain(
                                                        () ->
                                                                outbox.add(
                                                                        new KnobsEvent<>(
                                                                                EventIds
                                                                                        .trialRequested(
                                                                                                t.id),
                                                                                EventSources
                                                                                        .FUNCTIONS,
                                                                                e.id,
                                                                                request)));
                            }
                            return chain;
                        });
    }

    /**
     * Trials requested ahead per parallel slot, which the launcher holds until a slot frees: the
     * next trial starts the moment one ends instead of after a round trip of events. One for the
     * local launcher (a queue in the process that runs the trials); none for Jobs, which start when
     * created.
     */
    private int queuedPerSlot() {
        return "local".equals(config.trial().launcher()) ? 1 : 0;
    }

    /**
     * What a learning search knows of the experiment: finished trials' values and the ones still
     * running.
     */
    private static Uni<History> history(Experiment e, SearchAlgorithm search) {
        if (!search.learns()) {
            return Uni.createFrom().item(History.NONE);
        }
        return Panache.flush()
                .chain(() -> Trial.<Trial>list("experimentId", e.id))
                .map(
                        trials -> {
                            List<History.Observation> completed = new ArrayList<>();
                            List<Map<String, Object>> pending = new ArrayList<>();
                            List<Map<String, Object>> pruned = new ArrayList<>();
                            for (Trial t : trials) {
                                Map<String, Object> parameters =
                                        Json.read(t.parameters, Json.VALUES);
                                if (t.state == TrialState.SUCCEEDED && t.objectiveValue != null) {
                                    completed.add(
                                            new History.Observation(parameters, t.objectiveValue));
                                } else if (!t.state.finished()) {
                                    pending.add(parameters);
                                } else if (t.state == TrialState.PRUNED) {
                                    pruned.add(parameters);
                                }
                            }
                            return new History(completed, pending, pruned, e.maximize);
                        });
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

    /** trial-requested: mark the trial running; true when the caller should launch it now. */
    public Uni<Boolean> onTrialRequested(TrialRequested request, String key) {
        return once(
                key,
                "trial-requested",
                false,
                () ->
                        Trial.<Trial>findById(request.trialId())
                                .map(
                                        t -> {
                                            if (t == null || t.state != TrialState.REQUESTED) {
                                                return false;
                                            }
                                            t.state = TrialState.RUNNING;
                                            t.startedAt = Instant.now();
                                            return true;
                                        }));
    }

    /**
     * trial-finished: record the result, then request more trials or select the best. Yields the
     * trials the caller must stop once this is committed (the goal was reached or the time spent).
     */
    public Uni<List<String>> onTrialFinished(TrialFinished finished, String key) {
        return once(
                key,
                "trial-finished",
                List.of(),
                () ->
                        Experiment.<Experiment>findById(
                                        finished.experimentId(), LockModeType.PESSIMISTIC_WRITE)
                                .flatMap(
                                        e ->
                                                e == null
                                                        ? unknown(finished)
                                                        : Trial.<Trial>findById(finished.trialId())
                                                                .flatMap(
                                                                        t ->
                                                                                t == null
                                                                                                || t
                                                                                                        .state
                                                                                                        .finished()
                                                                                        ? NOTHING_TO_STOP
                                                                                        : record(
                                                                                                e,
                                                                                                t,
                                                                                                finished))));
    }

    private static final Uni<List<String>> NOTHING_TO_STOP = Uni.createFrom().item(List.of());

    private static Uni<List<String>> unknown(TrialFinished finished) {
        LOG.warnf("trial-finished for unknown experiment %s ignored", finished.experimentId());
        return NOTHING_TO_STOP;
    }

    private Uni<List<String>> record(Experiment e, Trial t, TrialFinished f) {
        UploadReceived upload = Json.read(e.spec, UploadReceived.class);
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
        return afterTrialEnded(e, upload, t);
    }

    /**
     * A trial ended (finished, failed or pruned): stop the experiment when its goal is reached or
     * its time spent, else fill the freed slot; select the best once nothing runs. Yields the
     * trials to stop after commit.
     */
    private Uni<List<String>> afterTrialEnded(Experiment e, UploadReceived upload, Trial t) {
        if (e.status != ExperimentStatus.RUNNING) {
            return NOTHING_TO_STOP;
        }
        if (e.stopReason == null && e.trialsFailed > upload.budget().maxFailedTrials()) {
            e.stopReason = "more than " + upload.budget().maxFailedTrials() + " trials failed";
        }
        if (e.stopReason == null
                && t.state == TrialState.SUCCEEDED
                && upload.objective().reached(t.objectiveValue)) {
            return stopAll(
                    e,
                    upload,
                    "trial "
                            + t.number
                            + " reached the goal: "
                            + e.objectiveMetric
                            + " "
                            + Numbers.show(t.objectiveValue)
                            + (e.maximize ? " ≥ " : " ≤ ")
                            + Numbers.show(upload.objective().target()));
        }
        if (e.stopReason == null && e.deadline != null && !Instant.now().isBefore(e.deadline)) {
            return stopAll(e, upload, timeSpent(upload));
        }
        Uni<Void> next =
                e.stopReason == null ? requestTrials(e, upload) : Uni.createFrom().voidItem();
        return next.chain(
                        () ->
                                e.trialsRunning() == 0
                                        ? finish(e, upload)
                                        : Uni.createFrom().voidItem())
                .replaceWith(List.of());
    }

    private static String timeSpent(UploadReceived upload) {
        return "the time budget of " + upload.budget().maxDurationSeconds() + " s was spent";
    }

    /**
     * Ends the experiment now for {@code reason}: its requested and running trials become stopped
     * (the caller stops them after commit) and the best so far is selected.
     */
    private Uni<List<String>> stopAll(Experiment e, UploadReceived upload, String reason) {
        return stopTrials(e, reason).flatMap(stopped -> finish(e, upload).replaceWith(stopped));
    }

    /** Marks the requested and running trials stopped for {@code reason}; yields their ids. */
    private static Uni<List<String>> stopTrials(Experiment e, String reason) {
        e.stopReason = reason;
        return Trial.<Trial>list(
                        "experimentId = ?1 and state in ?2",
                        e.id,
                        List.of(TrialState.REQUESTED, TrialState.RUNNING))
                .flatMap(
                        running -> {
                            List<String> stopped = new ArrayList<>();
                            for (Trial r : running) {
                                r.state = TrialState.STOPPED;
                                r.reason = "stopped by the platform: " + reason;
                                r.finishedAt = Instant.now();
                                e.trialsFinished++;
                                e.trialsStopped++;
                                stopped.add(r.id);
                            }
                            return Uni.createFrom().item(stopped);
                        });
    }

    /**
     * cancel-requested: a running experiment stops now — its trials are stopped and nothing is
     * published. Yields the trials to stop after commit. Too late once the best is being published.
     */
    public Uni<List<String>> onCancel(CancelRequested cancel, String key) {
        return once(
                key,
                "cancel-requested",
                List.of(),
                () ->
                        Experiment.<Experiment>findById(
                                        cancel.experimentId(), LockModeType.PESSIMISTIC_WRITE)
                                .flatMap(
                                        e -> {
                                            if (e == null
                                                    || e.status != ExperimentStatus.RUNNING
                                                    || !e.owner.equals(cancel.owner())) {
                                                return NOTHING_TO_STOP;
                                            }
                                            return stopTrials(e, "cancelled by its owner")
                                                    .invoke(
                                                            stopped -> {
                                                                e.status =
                                                                        ExperimentStatus.CANCELLED;
                                                                e.finishedAt = Instant.now();
                                                            });
                                        }));
    }

    /**
     * The time-budget sweep: ends the experiment {@code experimentId} if its time is spent at
     * {@code now}. Yields the trials to stop after commit.
     */
    public Uni<List<String>> expire(String experimentId, Instant now) {
        return Panache.withTransaction(
                () ->
                        Experiment.<Experiment>findById(
                                        experimentId, LockModeType.PESSIMISTIC_WRITE)
                                .flatMap(
                                        e -> {
                                            if (e == null
                                                    || e.status != ExperimentStatus.RUNNING
                                                    || e.deadline == null
                                                    || now.isBefore(e.deadline)) {
                                                return NOTHING_TO_STOP;
                                            }
                                            UploadReceived upload =
                                                    Json.read(e.spec, UploadReceived.class);
                                            return stopAll(
                                                    e,
                                                    upload,
                                                    e.stopReason == null
                                                            ? timeSpent(upload)
                                                            : e.stopReason);
                                        }));
    }

    /**
     * trial-progress: record an intermediate result and let the experiment's early-stopping rule
     * judge it. Yields the trial's id when it must be stopped (now, or it was stopped before and
     * still reports).
     */
    public Uni<List<String>> onTrialProgress(TrialProgress progress, String key) {
        return once(
                key,
                "trial-progress",
                List.of(),
                () ->
                        Experiment.<Experiment>findById(
                                        progress.experimentId(), LockModeType.PESSIMISTIC_WRITE)
                                .flatMap(
                                        e ->
                                                e == null
                                                        ? NOTHING_TO_STOP
                                                        : Trial.<Trial>findById(progress.trialId())
                                                                .flatMap(
                                                                        t ->
                                                                                progress(
                                                                                        e, t,
                                                                                        progress))));
    }

    private Uni<List<String>> progress(Experiment e, Trial t, TrialProgress p) {
        if (t == null) {
            return NOTHING_TO_STOP;
        }
        if (t.state == TrialState.PRUNED || t.state == TrialState.STOPPED) {
            return Uni.createFrom().item(List.of(t.id));
        }
        if (t.state.finished() || (t.lastStep != null && p.step() <= t.lastStep)) {
            return NOTHING_TO_STOP;
        }
        t.lastStep = p.step();
        t.metrics = Json.write(p.metrics());
        UploadReceived upload = Json.read(e.spec, UploadReceived.class);
        EarlyStopping rule = upload.earlyStopping();
        Double value = p.metrics().get(e.objectiveMetric);
        if (!rule.enabled()
                || e.status != ExperimentStatus.RUNNING
                || value == null
                || !Double.isFinite(value)) {
            return NOTHING_TO_STOP;
        }
        Uni<Optional<String>> verdict =
                switch (rule.rule()) {
                    case MEDIAN -> median(e, t, p.step(), value, rule);
                    case ASHA -> asha(e, t, p.step(), value, rule);
                    case NONE -> Uni.createFrom().item(Optional.empty());
                };
        return verdict.flatMap(
                why -> {
                    if (why.isEmpty()) {
                        return NOTHING_TO_STOP;
                    }
                    t.state = TrialState.PRUNED;
                    t.reason = why.get();
                    t.finishedAt = Instant.now();
                    e.trialsFinished++;
                    e.trialsPruned++;
                    LOG.debugf("trial %s %s", t.id, why.get());
                    return afterTrialEnded(e, upload, t)
                            .map(
                                    more -> {
                                        List<String> stop = new ArrayList<>(more);
                                        stop.add(t.id);
                                        return stop;
                                    });
                });
    }

    private static Uni<Optional<String>> median(
            Experiment e, Trial t, long step, double value, EarlyStopping rule) {
        return IntermediateResult.atStep(t, step, value)
                .persist()
                .chain(
                        () ->
                                IntermediateResult.<IntermediateResult>list(
                                        "experimentId = ?1 and step = ?2 and rung is null and trialId <> ?3",
                                        e.id,
                                        step,
                                        t.id))
                .map(
                        others ->
                                MedianRule.judge(
                                        step,
                                        value,
                                        others.stream().mapToDouble(r -> r.value).toArray(),
                                        e.maximize,
                                        rule.steps(),
                                        rule.trials()));
    }

    private static Uni<Optional<String>> asha(
            Experiment e, Trial t, long step, double value, EarlyStopping rule) {
        int top = Asha.highestRung(step, rule.steps(), rule.eta());
        if (top < 0) {
            return Uni.createFrom().item(Optional.empty());
        }
        return IntermediateResult.<IntermediateResult>list(
                        "experimentId = ?1 and rung <= ?2", e.id, top)
                .flatMap(
                        recorded -> {
                            Map<Integer, List<Double>> byRung = new HashMap<>();
                            java.util.Set<Integer> mine = new java.util.HashSet<>();
                            for (IntermediateResult r : recorded) {
                                byRung.computeIfAbsent(r.rung, k -> new ArrayList<>()).add(r.value);
                                if (r.trialId.equals(t.id)) {
                                    mine.add(r.rung);
                                }
                            }
                            Optional<String> verdict = Optional.empty();
                            List<IntermediateResult> fresh = new ArrayList<>();
                            for (int k = 0; k <= top && verdict.isEmpty(); k++) {
                                if (mine.contains(k)) {
                                    continue;
                                }
                                fresh.add(IntermediateResult.atRung(t, k, step, value));
                                List<Double> competing =
                                        byRung.computeIfAbsent(k, x -> new ArrayList<>());
                                competing.add(value);
                                verdict =
                                        Asha.judge(
                                                k,
                                                step,
                                                value,
                                                competing.stream()
                                                        .mapToDouble(Double::doubleValue)
                                                        .toArray(),
                                                e.maximize,
                                                rule.eta());
                            }
                            Optional<String> result = verdict;
                            return IntermediateResult.persist(fresh).replaceWith(result);
                        });
    }

    private Uni<Void> finish(Experiment e, UploadReceived upload) {
        if (e.stopReason == null) {
            e.stopReason =
                    e.trialsRequested < upload.budget().maxTrials()
                            ? "the search space is exhausted after " + e.trialsRequested + " trials"
                            : "all " + e.trialsRequested + " trials finished";
        }
        String order = e.maximize ? "desc" : "asc";
        return Trial.<Trial>find(
                        "experimentId = ?1 and state = ?2 order by objectiveValue "
                                + order
                                + ", number",
                        e.id,
                        TrialState.SUCCEEDED)
                .page(0, LEADERBOARD_SIZE)
                .list()
                .flatMap(
                        top -> {
                            if (top.isEmpty()) {
                                e.status = ExperimentStatus.FAILED;
                                e.finishedAt = Instant.now();
                                e.stopReason = e.stopReason + "; no trial succeeded";
                                return Uni.createFrom().voidItem();
                            }
                            e.status = ExperimentStatus.PUBLISHING;
                            // the best is the leaderboard's first (ties go to the earlier trial),
                            // the model published
                            e.bestTrialId = top.get(0).id;
                            e.bestValue = top.get(0).objectiveValue;
                            List<RankedTrial> ranked = new ArrayList<>();
                            for (int i = 0; i < top.size(); i++) {
                                Trial t = top.get(i);
                                ranked.add(
                                        new RankedTrial(
                                                i + 1,
                                                t.id,
                                                t.number,
                                                Json.read(t.parameters, Json.VALUES),
                                                (t.metrics == null
                                                        ? Map.<String, Double>of()
                                                        : Json.read(t.metrics, Json.NUMBERS)),
                                                t.objectiveValue,
                                                t.modelUrl == null
                                                        ? null
                                                        : new ModelRef(t.modelUrl, t.modelFormat)));
                            }
                            BestSelected best =
                                    new BestSelected(
                                            e.id,
                                            e.owner,
                                            upload.objective(),
                                            ranked,
                                            e.stopReason);
                            return outbox.add(
                                    new KnobsEvent<>(
                                            EventIds.bestSelected(e.id),
                                            EventSources.FUNCTIONS,
                                            e.id,
                                            best));
                        });
    }
}
