package dev.knobs.functions.recovery;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.ModelUpload;
import dev.knobs.domain.experiment.PublishedModel;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.experiment.TrialState;
import dev.knobs.eventing.EventIds;
import dev.knobs.eventing.EventSources;
import dev.knobs.eventing.KnobsEvent;
import dev.knobs.eventing.payload.ModelUploaded;
import dev.knobs.eventing.payload.TrialRequested;
import dev.knobs.functions.experiment.Experiments;
import dev.knobs.functions.experiment.Extensions;
import dev.knobs.functions.experiment.Finishing;
import dev.knobs.functions.experiment.Trials;
import dev.knobs.functions.experiment.TuningLoop;
import dev.knobs.functions.once.ProcessedEvents;
import dev.knobs.functions.outbox.Outbox;
import dev.knobs.functions.serving.Models;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.List;

/**
 * The reconciler's reads and repairs, each in a transaction of its own: what looks unfinished in
 * the database, and the event or step that finishes it. Every repair is idempotent — it checks the
 * outbox and the processed events first, and the handlers it wakes check again.
 */
@ApplicationScoped
class Repairs {
    @Inject EntityManager db;
    @Inject TuningLoop loop;
    @Inject Finishing finishing;
    @Inject Extensions extensions;
    @Inject Experiments experiments;
    @Inject Trials trials;
    @Inject Models models;
    @Inject ProcessedEvents processed;
    @Inject Outbox outbox;

    /** Submissions made before {@code before} that no experiment came of. */
    @Transactional(TxType.REQUIRES_NEW)
    List<String> unstarted(Instant before) {
        return db.createQuery(
                        "select s.id from Submission s where s.createdAt < ?1 and not exists"
                                + " (select 1 from Experiment e where e.id = s.id)",
                        String.class)
                .setParameter(1, before)
                .getResultList();
    }

    @Transactional(TxType.REQUIRES_NEW)
    void start(String id) {
        loop.start(id);
    }

    /** Running experiments whose owner asked to cancel them. */
    @Transactional(TxType.REQUIRES_NEW)
    List<String> cancelled() {
        return db.createQuery(
                        "select e.id from Experiment e, Submission s where s.id = e.id and"
                                + " s.cancelRequestedAt is not null and e.status = ?1",
                        String.class)
                .setParameter(1, ExperimentStatus.RUNNING)
                .getResultList();
    }

    /** Ended experiments their owner extended since: they run again. */
    @Transactional(TxType.REQUIRES_NEW)
    List<String> extended() {
        return db.createQuery(
                        "select e.id from Experiment e, Submission s where s.id = e.id and"
                                + " s.extensions > e.extensions and e.status in ?1",
                        String.class)
                .setParameter(
                        1,
                        List.of(
                                ExperimentStatus.SUCCEEDED,
                                ExperimentStatus.FAILED,
                                ExperimentStatus.CANCELLED))
                .getResultList();
    }

    @Transactional(TxType.REQUIRES_NEW)
    boolean extend(String id) {
        return extensions.extend(id);
    }

    /** Cancels one; yields the trials to stop. */
    @Transactional(TxType.REQUIRES_NEW)
    List<String> cancel(String id) {
        return finishing.cancel(id);
    }

    /** Trials running since before {@code before}. */
    @Transactional(TxType.REQUIRES_NEW)
    List<Trial> runningSince(Instant before) {
        return trials.list("state = ?1 and startedAt < ?2", TrialState.RUNNING, before);
    }

    /** Requests again trials requested before {@code before} whose request is nowhere; how many. */
    @Transactional(TxType.REQUIRES_NEW)
    int requestAgain(Instant before) {
        int n = 0;
        for (Trial t :
                trials.list("state = ?1 and requestedAt < ?2", TrialState.REQUESTED, before)) {
            String id = EventIds.trialRequested(t.id, t.attempt);
            if (!outbox.holds(EventSources.FUNCTIONS, id)) {
                TrialRequested request =
                        new TrialRequested(t.experimentId, t.id, t.number, t.attempt);
                outbox.add(new KnobsEvent<>(id, EventSources.FUNCTIONS, t.experimentId, request));
                n++;
            }
        }
        return n;
    }

    /** Selects again the winners of publishing experiments whose best-selected is nowhere. */
    @Transactional(TxType.REQUIRES_NEW)
    int selectAgain() {
        int n = 0;
        for (Experiment e : experiments.list("status", ExperimentStatus.PUBLISHING)) {
            String id = EventIds.bestSelected(e.id, e.extensions);
            String key = ProcessedEvents.key(EventSources.FUNCTIONS, id);
            if (!outbox.holds(EventSources.FUNCTIONS, id) && !processed.seen(key)) {
                finishing.reselect(e);
                n++;
            }
        }
        return n;
    }

    /** Announces again uploads stored before {@code before} that were never served. */
    @Transactional(TxType.REQUIRES_NEW)
    int uploadAgain(Instant before) {
        List<ModelUpload> waiting =
                db.createQuery(
                                "select u from ModelUpload u where u.createdAt < ?1 and not exists"
                                        + " (select 1 from ModelRevision r where r.source ="
                                        + " concat('upload:', u.id))",
                                ModelUpload.class)
                        .setParameter(1, before)
                        .getResultList();
        int n = 0;
        for (ModelUpload u : waiting) {
            String id = EventIds.modelUploaded(u.name, u.id);
            if (!processed.seen(ProcessedEvents.key(EventSources.WEB, id))
                    && !outbox.holds(EventSources.WEB, id)) {
                ModelUploaded uploaded = new ModelUploaded(u.id, u.name, u.owner);
                outbox.add(new KnobsEvent<>(id, EventSources.WEB, u.name, uploaded));
                n++;
            }
        }
        return n;
    }

    /** Running experiments with nothing requested or running. */
    @Transactional(TxType.REQUIRES_NEW)
    List<String> idle() {
        return db.createQuery(
                        "select e.id from Experiment e where e.status = ?1 and e.trialsRequested"
                                + " = e.trialsFinished",
                        String.class)
                .setParameter(1, ExperimentStatus.RUNNING)
                .getResultList();
    }

    /** Fills an idle experiment's slots or finishes it; yields the trials to stop. */
    @Transactional(TxType.REQUIRES_NEW)
    List<String> wake(String id) {
        Experiment e = experiments.locked(id);
        return e == null || e.status != ExperimentStatus.RUNNING || e.trialsRunning() > 0
                ? List.of()
                : loop.afterTrialEnded(e, Experiments.spec(e), null);
    }

    /** Models whose endpoint is behind their owner's latest settings. */
    @Transactional(TxType.REQUIRES_NEW)
    List<PublishedModel> accessBehind() {
        return models.list("accessApplied < accessChange");
    }
}
