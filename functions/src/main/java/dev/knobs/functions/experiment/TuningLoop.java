package dev.knobs.functions.experiment;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.Submission;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.experiment.TrialState;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.payload.ExperimentFinished;
import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.TrialFinished;
import dev.knobs.eventing.payload.TrialRequested;
import dev.knobs.eventing.payload.TrialStatus;
import dev.knobs.eventing.payload.UploadReceived;
import dev.knobs.functions.news.News;
import dev.knobs.functions.once.ProcessedEvents;
import dev.knobs.functions.search.SearchAlgorithms;
import dev.knobs.functions.stopping.Numbers;
import dev.knobs.functions.trial.TrialLaunch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The tuning loop's state machine: a submission becomes an experiment, free slots get new trials,
 * results are recorded and the experiment goes on, stops or finishes. Every handler runs in one
 * transaction that also records its event as processed and queues the events it causes in the
 * outbox, so a redelivered event changes nothing and no event is lost or sent for a change that
 * rolled back. Events only name things: owners, settings, trainers and where a trial's model goes
 * come from the database.
 */
@ApplicationScoped
public class TuningLoop {
    private static final Logger LOG = Logger.getLogger(TuningLoop.class);
    private static final Set<String> MODEL_FORMATS = Set.of(ModelRef.ONNX, ModelRef.XGBOOST_JSON);

    @Inject ProcessedEvents processed;
    @Inject Submissions submissions;
    @Inject Experiments experiments;
    @Inject Trials trials;
    @Inject TrialRequests requests;
    @Inject Finishing finishing;
    @Inject News news;

    /** upload-received: start the experiment its submission describes. */
    @Transactional
    public void onUpload(UploadReceived upload, String key) {
        if (processed.firstTime(key, "upload-received")) {
            start(upload.experimentId());
        }
    }

    /**
     * Starts the experiment the front stored as submission {@code id}, once (a later call finds the
     * experiment): from the submission's settings and owner, whatever any event said.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void start(String id) {
        if (experiments.findById(id) != null) {
            return;
        }
        Submission s = submissions.findById(id);
        if (s == null) {
            LOG.warnf("upload-received names experiment %s, which nobody submitted: ignored", id);
            return;
        }
        ExperimentSpec spec = Submissions.spec(s);
        SearchAlgorithms.named(spec.searchAlgorithm());
        Experiment e = new Experiment();
        e.id = s.id;
        e.owner = s.owner;
        e.name = spec.name() == null ? s.id : spec.name();
        e.status = ExperimentStatus.RUNNING;
        e.spec = Json.write(spec);
        e.objectiveMetric = spec.objective().metric();
        e.maximize = spec.objective().goal() == Objective.Goal.MAXIMIZE;
        e.maxTrials = spec.budget().maxTrials();
        e.createdAt = Instant.now();
        if (spec.budget().maxDurationSeconds() != null) {
            e.deadline = e.createdAt.plusSeconds(spec.budget().maxDurationSeconds());
        }
        experiments.persist(e);
        String refusal = submissions.refusal(spec);
        if (refusal != null) {
            e.status = ExperimentStatus.FAILED;
            e.stopReason = "not started: " + refusal;
            e.finishedAt = e.createdAt;
            news.experimentFinished(e);
            return;
        }
        news.experimentStarted(e, spec);
        requests.fill(e, spec);
    }

    /**
     * trial-requested: mark the trial's attempt running; what the caller should launch now, read
     * from the database, when it should.
     */
    @Transactional
    public Optional<TrialLaunch> onTrialRequested(TrialRequested request, String key) {
        if (!processed.firstTime(key, "trial-requested")) {
            return Optional.empty();
        }
        Trial t = trials.findById(request.trialId());
        if (t == null || t.state != TrialState.REQUESTED || t.attempt != request.attempt()) {
            return Optional.empty();
        }
        Experiment e = experiments.findById(t.experimentId);
        if (e == null || e.status != ExperimentStatus.RUNNING) {
            return Optional.empty();
        }
        t.state = TrialState.RUNNING;
        t.startedAt = Instant.now();
        return Optional.of(requests.launch(t, Experiments.spec(e)));
    }

    /**
     * trial-finished: record the result, then request more trials or select the best. A lost trial
     * is run again instead. Yields the trials the caller must stop once this is committed (the goal
     * was reached or the time spent).
     */
    @Transactional
    public List<String> onTrialFinished(TrialFinished finished, String key) {
        if (!processed.firstTime(key, "trial-finished")) {
            return List.of();
        }
        Experiment e = experiments.locked(finished.experimentId());
        Trial t = e == null ? null : trials.findById(finished.trialId());
        if (t == null
                || !t.experimentId.equals(e.id)
                || t.state.finished()
                || t.attempt != finished.attemptOrFirst()) {
            return List.of();
        }
        ExperimentSpec spec = Experiments.spec(e);
        if (finished.status() == TrialStatus.LOST
                && e.status == ExperimentStatus.RUNNING
                && requests.again(t, finished)) {
            return List.of();
        }
        record(e, t, finished, spec);
        return afterTrialEnded(e, spec, t);
    }

    private void record(Experiment e, Trial t, TrialFinished f, ExperimentSpec spec) {
        Map<String, Double> metrics = f.metrics() == null ? Map.of() : f.metrics();
        Double value = metrics.get(e.objectiveMetric);
        String missing = missing(metrics, e.objectiveMetric);
        if (missing == null && spec.twoObjectives()) {
            missing = missing(metrics, spec.secondObjective().metric());
        }
        TrialState state =
                switch (f.status()) {
                    case SUCCEEDED -> missing != null ? TrialState.FAILED : TrialState.SUCCEEDED;
                    case FAILED, LOST -> TrialState.FAILED;
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
                                + missing
                                + "' metric; it reported "
                                + metrics.keySet()
                        : f.status() == TrialStatus.LOST
                                ? "lost " + t.attempt + " times: " + f.reason()
                                : f.reason();
        t.exitCode = f.exitCode();
        t.logTail = f.logTail();
        model(t, f.model());
        t.finishedAt = Instant.now();
        e.trialsFinished++;
        if (state == TrialState.FAILED) {
            e.trialsFailed++;
        } else if (state == TrialState.PRUNED) {
            e.trialsPruned++;
        }
        if (state == TrialState.SUCCEEDED
                && (e.bestValue == null || spec.objective().better(value, e.bestValue))) {
            e.bestValue = value;
            e.bestTrialId = t.id;
        }
        news.trialEnded(e, t);
    }

    /** {@code metric} when {@code metrics} has no number for it; null when it has. */
    private static String missing(Map<String, Double> metrics, String metric) {
        Double v = metrics.get(metric);
        return v == null || v.isNaN() ? metric : null;
    }

    /**
     * The model a trial reported, kept only where that trial may write one (a report naming another
     * place, even another trial's model, is not believed).
     */
    private void model(Trial t, ModelRef reported) {
        if (reported == null) {
            return;
        }
        if (!requests.modelUrl(t.id).equals(reported.url())
                || !MODEL_FORMATS.contains(reported.format())) {
            LOG.warnf("trial %s reported a model it may not: %s", t.id, reported);
            return;
        }
        t.modelUrl = reported.url();
        t.modelFormat = reported.format();
    }

    /**
     * A trial ended (finished, failed or pruned): stop the experiment when its goal is reached or
     * its time spent, else fill the freed slot; select the best once nothing runs. Yields the
     * trials to stop after commit.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<String> afterTrialEnded(Experiment e, ExperimentSpec spec, Trial t) {
        if (e.status != ExperimentStatus.RUNNING) {
            return List.of();
        }
        if (e.stopReason == null && e.trialsFailed > spec.budget().maxFailedTrials()) {
            e.stopReason = "more than " + spec.budget().maxFailedTrials() + " trials failed";
        }
        if (e.stopReason == null
                && t != null
                && t.state == TrialState.SUCCEEDED
                && spec.objective().reached(t.objectiveValue)) {
            return finishing.stopAll(
                    e, spec, goalReached(e, t, spec), ExperimentFinished.Outcome.GOAL_REACHED);
        }
        if (e.stopReason == null && e.deadline != null && !Instant.now().isBefore(e.deadline)) {
            return finishing.stopAll(
                    e, spec, Finishing.timeSpent(spec), ExperimentFinished.Outcome.TIME_SPENT);
        }
        boolean held = e.stopReason == null && requests.fill(e, spec);
        if (e.trialsRunning() == 0 && !held) {
            finishing.finish(e, spec);
        }
        return List.of();
    }

    private static String goalReached(Experiment e, Trial t, ExperimentSpec spec) {
        return "trial "
                + t.number
                + " reached the goal: "
                + e.objectiveMetric
                + " "
                + Numbers.show(t.objectiveValue)
                + (e.maximize ? " ≥ " : " ≤ ")
                + Numbers.show(spec.objective().target());
    }
}
