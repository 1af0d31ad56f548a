package dev.knobs.functions.experiment;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.Submission;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.payload.Budget;
import dev.knobs.eventing.payload.ExtensionRequested;
import dev.knobs.functions.news.News;
import dev.knobs.functions.once.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * An ended experiment runs again when its owner extends its budget: the search continues from its
 * history (every trial so far informs the next suggestions, and trial numbers go on), with the
 * budget the submission now names — the trials first asked for plus every extension's. The run gets
 * the failure allowance afresh (as many trials may fail as the owner first allowed) and, when the
 * experiment has a time budget, that much time again. It ends as any run does: the best of all its
 * trials is published as a new version of its model, unless it is the one already served.
 */
@ApplicationScoped
public class Extensions {
    @Inject ProcessedEvents processed;
    @Inject Experiments experiments;
    @Inject Submissions submissions;
    @Inject TrialRequests requests;
    @Inject Finishing finishing;
    @Inject News news;

    /** extension-requested: a wake-up; what to do is read from the submission. */
    @Transactional
    public void onExtensionRequested(ExtensionRequested request, String key) {
        if (processed.firstTime(key, "extension-requested")) {
            extend(request.experimentId());
        }
    }

    /**
     * Runs the experiment again if its owner extended it more often than it has run again and it
     * has ended; true when it did. Extensions asked for while it ran are taken up together.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean extend(String id) {
        Experiment e = experiments.locked(id);
        Submission s = e == null ? null : submissions.findById(id);
        if (e == null
                || s == null
                || s.extensions <= e.extensions
                || !e.status.ended()
                || e.trialsRequested == 0) {
            return false;
        }
        ExperimentSpec first = Submissions.spec(s);
        ExperimentSpec spec = Experiments.spec(e);
        String refusal = submissions.refusal(spec);
        if (refusal != null) {
            // what let it run then no longer holds (an image's registry was taken off the list)
            e.extensions = s.extensions;
            e.stopReason = "not extended: " + refusal;
            news.experimentFinished(e);
            return true;
        }
        Budget budget =
                new Budget(
                        s.trialsAsked(),
                        spec.budget().parallelTrials(),
                        e.trialsFailed + first.budget().maxFailedTrials(),
                        spec.budget().maxDurationSeconds());
        spec = spec.withBudget(budget);
        e.spec = Json.write(spec);
        e.maxTrials = budget.maxTrials();
        e.extensions = s.extensions;
        e.status = ExperimentStatus.RUNNING;
        e.stopReason = null;
        e.stopCause = null;
        e.finishedAt = null;
        e.publishAttempts = 0;
        e.deadline =
                budget.maxDurationSeconds() == null
                        ? null
                        : Instant.now().plusSeconds(budget.maxDurationSeconds());
        news.experimentStarted(e, spec);
        boolean held = requests.fill(e, spec);
        if (e.trialsRunning() == 0 && !held) {
            // nothing left to try (a grid already run through): the best is selected again
            finishing.finish(e, spec);
        }
        return true;
    }
}
