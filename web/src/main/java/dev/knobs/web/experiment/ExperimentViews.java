package dev.knobs.web.experiment;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.experiment.Submission;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.space.SearchSpaces;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.payload.Budget;
import java.util.Map;

/** How experiments and trials look on the API and the page. */
final class ExperimentViews {
    /** The status of a submission the functions have not taken up yet. */
    static final String SUBMITTED = "SUBMITTED";

    /**
     * The status of an ended experiment its owner extended, until the functions take the extension
     * up (then RUNNING); its budget already counts the trials added.
     */
    static final String EXTENDING = "EXTENDING";

    private ExperimentViews() {}

    /** The view of a submission, and of its experiment once the functions made one (else null). */
    static ExperimentView of(Submission s, Experiment e) {
        // once running, the experiment's own copy: its budget grows with every extension
        if (e == null) {
            return submitted(s, Json.read(s.payload, ExperimentSpec.class));
        }
        ExperimentSpec spec = Json.read(e.spec, ExperimentSpec.class);
        if (s.extensions > e.extensions) {
            Budget b = spec.budget();
            Budget extended =
                    new Budget(
                            s.trialsAsked(),
                            b.parallelTrials(),
                            b.maxFailedTrials(),
                            b.maxDurationSeconds());
            return running(e, spec.withBudget(extended), EXTENDING);
        }
        return running(e, spec, e.status.name());
    }

    static ExperimentView submitted(Submission s, ExperimentSpec u) {
        return new ExperimentView(
                s.id,
                s.name,
                SUBMITTED,
                u.algorithm(),
                u.searchAlgorithm(),
                SearchSpaces.describe(u.searchSpace()),
                u.objective(),
                u.secondObjective(),
                u.publishWithin(),
                u.budget(),
                u.resources(),
                u.earlyStopping(),
                new ExperimentView.Progress(u.budget().maxTrials(), 0, 0, 0, 0, 0, 0, 0, 0),
                null,
                null,
                null,
                s.createdAt,
                null);
    }

    private static ExperimentView running(Experiment e, ExperimentSpec u, String status) {
        int parallel = u.budget().parallelTrials();
        ExperimentView.Progress progress =
                new ExperimentView.Progress(
                        u.budget().maxTrials(),
                        e.trialsRequested,
                        Math.min(e.trialsRunning(), parallel),
                        Math.max(0, e.trialsRunning() - parallel),
                        e.trialsFinished,
                        e.trialsFinished - e.trialsFailed - e.trialsPruned - e.trialsStopped,
                        e.trialsFailed,
                        e.trialsPruned,
                        e.trialsStopped);
        ExperimentView.Best best =
                e.bestTrialId == null ? null : new ExperimentView.Best(e.bestTrialId, e.bestValue);
        ExperimentView.Model model =
                e.modelUrl == null ? null : new ExperimentView.Model(e.modelName, e.modelUrl);
        return new ExperimentView(
                e.id,
                e.name,
                status,
                u.algorithm(),
                u.searchAlgorithm(),
                SearchSpaces.describe(u.searchSpace()),
                u.objective(),
                u.secondObjective(),
                u.publishWithin(),
                u.budget(),
                u.resources(),
                u.earlyStopping(),
                progress,
                best,
                e.stopReason,
                model,
                e.createdAt,
                e.finishedAt);
    }

    static TrialView trial(Integer rank, Trial t) {
        Map<String, Object> parameters = Json.read(t.parameters, Json.VALUES);
        Map<String, Double> metrics = t.metrics == null ? null : Json.read(t.metrics, Json.NUMBERS);
        return new TrialView(
                rank,
                t.id,
                t.number,
                t.state.name(),
                parameters,
                metrics,
                t.lastStep,
                t.objectiveValue,
                t.reason,
                t.exitCode,
                t.logTail,
                t.attempt,
                t.history,
                t.startedAt,
                t.finishedAt);
    }
}
