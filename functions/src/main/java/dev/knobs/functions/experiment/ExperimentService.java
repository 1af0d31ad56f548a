package dev.knobs.functions.experiment;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.ProcessedEvent;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.experiment.TrialState;
import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.BestSelected;
import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.RankedTrial;
import dev.knobs.eventing.payload.TrialFinished;
import dev.knobs.eventing.payload.TrialRequested;
import dev.knobs.eventing.payload.TrialStatus;
import dev.knobs.eventing.payload.UploadReceived;
import dev.knobs.functions.config.KnobsConfig;
import dev.knobs.functions.outbox.Outbox;
import dev.knobs.functions.search.History;
import dev.knobs.functions.search.SearchAlgorithm;
import dev.knobs.functions.search.SearchAlgorithms;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
                            while (e.trialsRunning() < upload.budget().parallelTrials()
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
                            for (Trial t : trials) {
                                Map<String, Object> parameters =
                                        Json.read(t.parameters, Json.VALUES);
                                if (t.state == TrialState.SUCCEEDED && t.objectiveValue != null) {
                                    completed.add(
                                            new History.Observation(parameters, t.objectiveValue));
                                } else if (!t.state.finished()) {
                                    pending.add(parameters);
                                }
                            }
                            return new History(completed, pending, e.maximize);
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
                modelUrl);
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

    /** trial-finished: record the result, then request more trials or select the best. */
    public Uni<Void> onTrialFinished(TrialFinished finished, String key) {
        return once(
                key,
                "trial-finished",
                null,
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
                                                                                        ? Uni
                                                                                                .createFrom()
                                                                                                .voidItem()
                                                                                        : record(
                                                                                                e,
                                                                                                t,
                                                                                                finished))));
    }

    private static Uni<Void> unknown(TrialFinished finished) {
        LOG.warnf("trial-finished for unknown experiment %s ignored", finished.experimentId());
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> record(Experiment e, Trial t, TrialFinished f) {
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
        }
        if (state == TrialState.SUCCEEDED
                && (e.bestValue == null || upload.objective().better(value, e.bestValue))) {
            e.bestValue = value;
            e.bestTrialId = t.id;
        }
        if (e.status != ExperimentStatus.RUNNING) {
            return Uni.createFrom().voidItem();
        }
        if (e.stopReason == null && e.trialsFailed > upload.budget().maxFailedTrials()) {
            e.stopReason = "more than " + upload.budget().maxFailedTrials() + " trials failed";
        }
        Uni<Void> next =
                e.stopReason == null ? requestTrials(e, upload) : Uni.createFrom().voidItem();
        return next.chain(
                () -> e.trialsRunning() == 0 ? finish(e, upload) : Uni.createFrom().voidItem());
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
