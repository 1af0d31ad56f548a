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
import dev.knobs.eventing.payload.TrialFinished;
import dev.knobs.eventing.payload.TrialRequested;
import dev.knobs.eventing.payload.TrialStatus;
import dev.knobs.functions.experiment.Experiments;
import dev.knobs.functions.experiment.Finishing;
import dev.knobs.functions.experiment.Trials;
import dev.knobs.functions.experiment.TuningLoop;
import dev.knobs.functions.once.ProcessedEvents;
import dev.knobs.functions.outbox.Outbox;
import dev.knobs.functions.outbox.OutboxRelay;
import dev.knobs.functions.serving.Deployments;
import dev.knobs.functions.serving.Models;
import dev.knobs.functions.trial.TrialLauncher;
import dev.knobs.functions.trial.TrialReporter;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Puts the platform back in line with its database, at every start and then every few seconds (on a
 * cluster, at each tick of the clock): events are wake-up calls, the rows say what must be so. It
 * starts submitted experiments nobody started, applies cancellations, runs again the trials whose
 * process or Job is gone (lost to a crash, not their failure), requests again trials whose request
 * was lost, finishes publishing, wakes experiments that wait for nothing, and puts model endpoints
 * in line with their owners' access settings. Each step is idempotent; a step that fails is tried
 * again next time.
 */
@ApplicationScoped
public class Reconciler {
    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    /** How long a row may look unfinished before the reconciler takes it up. */
    static final Duration SETTLE = Duration.ofSeconds(10);

    /**
     * After a start, how long reports sent before it (waiting in the broker) have to arrive before
     * the trials of the previous life are taken for lost: no launcher of this life holds them.
     */
    static final Duration RESUME = Duration.ofSeconds(3);

    /** How long a lost event may take to arrive before it is made again. */
    static final Duration LATE = Duration.ofSeconds(60);

    private final Instant started = Instant.now();

    @Inject TuningLoop loop;
    @Inject Finishing finishing;
    @Inject Experiments experiments;
    @Inject Trials trials;
    @Inject Models models;
    @Inject Deployments deployments;
    @Inject ProcessedEvents processed;
    @Inject Outbox outbox;
    @Inject OutboxRelay relay;
    @Inject TrialLauncher launcher;
    @Inject TrialReporter reporter;

    /** What one pass did, for the log and the tests. */
    public record Pass(int started, int cancelled, int lost, int requested, int woken) {
        boolean any() {
            return started + cancelled + lost + requested + woken > 0;
        }
    }

    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "knobs-reconciler");
                        t.setDaemon(true);
                        return t;
                    });

    @ConfigProperty(name = "knobs.recovery.period", defaultValue = "PT5S")
    Duration period;

    /**
     * At start, once the previous life's trials may be taken for lost, then every {@code
     * knobs.recovery.period}.
     */
    void start(@Observes StartupEvent event) {
        thread.schedule(this::reconcileSafely, RESUME.toMillis() + 200, TimeUnit.MILLISECONDS);
        thread.scheduleWithFixedDelay(
                this::reconcileSafely, 1_000, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        thread.shutdownNow();
    }

    private void reconcileSafely() {
        try {
            reconcile(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("reconciling: %s (will try again)", e.toString());
        }
    }

    public Pass reconcile(Instant now) {
        int startedExperiments = startSubmitted(now);
        int cancelled = cancel();
        int lost = lostTrials(now);
        int requested = lostRequests(now) + lostPublications(now) + lostUploads(now);
        int woken = idleExperiments();
        accessSettings();
        Pass pass = new Pass(startedExperiments, cancelled, lost, requested, woken);
        if (pass.any()) {
            LOG.infof("reconciled: %s", pass);
            relay.signal();
        }
        return pass;
    }

    /** Submissions the functions never started (their upload-received was lost). */
    private int startSubmitted(Instant now) {
        List<String> ids =
                QuarkusTransaction.requiringNew()
                        .call(
                                () ->
                                        experiments
                                                .getEntityManager()
                                                .createQuery(
                                                        "select s.id from Submission s where"
                                                                + " s.createdAt < ?1 and not exists"
                                                                + " (select 1 from Experiment e"
                                                                + " where e.id = s.id)",
                                                        String.class)
                                                .setParameter(1, now.minus(SETTLE))
                                                .getResultList());
        ids.forEach(id -> QuarkusTransaction.requiringNew().run(() -> loop.start(id)));
        return ids.size();
    }

    /** Cancellations the front recorded whose event was lost. */
    private int cancel() {
        List<String> ids =
                QuarkusTransaction.requiringNew()
                        .call(
                                () ->
                                        experiments
                                                .getEntityManager()
                                                .createQuery(
                                                        "select e.id from Experiment e, Submission"
                                                                + " s where s.id = e.id and"
                                                                + " s.cancelRequestedAt is not null"
                                                                + " and e.status = ?1",
                                                        String.class)
                                                .setParameter(1, ExperimentStatus.RUNNING)
                                                .getResultList());
        for (String id : ids) {
            launcher.stop(QuarkusTransaction.requiringNew().call(() -> finishing.cancel(id)));
        }
        return ids.size();
    }

    /**
     * Running trials no launcher holds any more — the functions stopped under them, their process
     * was killed, their Job vanished: reported lost, so they run again. Trials started before this
     * process started are taken up {@link #RESUME} after the start (reports sent before it have
     * arrived by then); others once they have run for {@link #SETTLE}. Either way a late report of
     * the same attempt and the lost report share one event id: whichever comes first counts.
     */
    private int lostTrials(Instant now) {
        if (now.isBefore(started.plus(RESUME))) {
            return 0;
        }
        Instant before = now.minus(SETTLE).isBefore(started) ? started : now.minus(SETTLE);
        List<Trial> running =
                QuarkusTransaction.requiringNew()
                        .call(
                                () ->
                                        trials.list(
                                                "state = ?1 and startedAt < ?2",
                                                TrialState.RUNNING,
                                                before));
        int lost = 0;
        for (Trial t : running) {
            Optional<TrialFinished> ended = launcher.ended(t.id, t.attempt);
            if (ended.isPresent()) {
                // it ended where it ran, and its report was lost on the way
                reporter.report(ended.get());
            } else if (!launcher.holds(t.id, t.attempt)) {
                reporter.report(
                        new TrialFinished(
                                t.experimentId,
                                t.id,
                                TrialStatus.LOST,
                                Map.of(),
                                null,
                                "its process or Job is gone (the platform restarted under it, or"
                                        + " it was removed)",
                                null,
                                t.logTail,
                                t.attempt));
                lost++;
            }
        }
        return lost;
    }

    /** Requested trials whose trial-requested never arrived (lost, or set aside as dead). */
    private int lostRequests(Instant now) {
        return QuarkusTransaction.requiringNew()
                .call(
                        () -> {
                            int n = 0;
                            for (Trial t :
                                    trials.list(
                                            "state = ?1 and requestedAt < ?2",
                                            TrialState.REQUESTED,
                                            now.minus(LATE))) {
                                String id = EventIds.trialRequested(t.id, t.attempt);
                                if (!outbox.holds(EventSources.FUNCTIONS, id)) {
                                    outbox.add(
                                            new KnobsEvent<>(
                                                    id,
                                                    EventSources.FUNCTIONS,
                                                    t.experimentId,
                                                    new TrialRequested(
                                                            t.experimentId,
                                                            t.id,
                                                            t.number,
                                                            t.attempt)));
                                    n++;
                                }
                            }
                            return n;
                        });
    }

    /** Experiments still publishing whose best-selected was lost. */
    private int lostPublications(Instant now) {
        return QuarkusTransaction.requiringNew()
                .call(
                        () -> {
                            int n = 0;
                            for (Experiment e :
                                    experiments.list("status", ExperimentStatus.PUBLISHING)) {
                                String id = EventIds.bestSelected(e.id);
                                if (!outbox.holds(EventSources.FUNCTIONS, id)
                                        && !processed.seen(
                                                ProcessedEvents.key(EventSources.FUNCTIONS, id))) {
                                    finishing.reselect(e);
                                    n++;
                                }
                            }
                            return n;
                        });
    }

    /** Uploads stored but never served (their model-uploaded was lost). */
    private int lostUploads(Instant now) {
        List<ModelUpload> waiting =
                QuarkusTransaction.requiringNew()
                        .call(
                                () ->
                                        models.getEntityManager()
                                                .createQuery(
                                                        "select u from ModelUpload u where"
                                                                + " u.createdAt < ?1 and not exists"
                                                                + " (select 1 from ModelRevision r"
                                                                + " where r.source = concat("
                                                                + "'upload:', u.id))",
                                                        ModelUpload.class)
                                                .setParameter(1, now.minus(LATE))
                                                .getResultList());
        List<ModelUpload> again = new ArrayList<>();
        for (ModelUpload u : waiting) {
            String id = EventIds.modelUploaded(u.name, u.id);
            if (!processed.seen(ProcessedEvents.key(EventSources.WEB, id))) {
                again.add(u);
            }
        }
        QuarkusTransaction.requiringNew()
                .run(
                        () ->
                                again.forEach(
                                        u ->
                                                outbox.add(
                                                        new KnobsEvent<>(
                                                                EventIds.modelUploaded(
                                                                        u.name, u.id),
                                                                EventSources.WEB,
                                                                u.name,
                                                                new ModelUploaded(
                                                                        u.id, u.name, u.owner)))));
        return again.size();
    }

    /** Running experiments with nothing requested or running: fill their slots, or finish them. */
    private int idleExperiments() {
        List<String> idle =
                QuarkusTransaction.requiringNew()
                        .call(
                                () ->
                                        experiments
                                                .list(
                                                        "status = ?1 and trialsRequested ="
                                                                + " trialsFinished",
                                                        ExperimentStatus.RUNNING)
                                                .stream()
                                                .map(e -> e.id)
                                                .toList());
        for (String id : idle) {
            launcher.stop(
                    QuarkusTransaction.requiringNew()
                            .call(
                                    () -> {
                                        Experiment e = experiments.locked(id);
                                        return e == null || e.trialsRunning() > 0
                                                ? List.<String>of()
                                                : loop.afterTrialEnded(
                                                        e, Experiments.spec(e), null);
                                    }));
        }
        return idle.size();
    }

    /** Endpoints not yet in line with their owner's latest access setting. */
    private void accessSettings() {
        List<PublishedModel> behind =
                QuarkusTransaction.requiringNew()
                        .call(() -> models.list("accessApplied < accessChange"));
        for (PublishedModel m : behind) {
            try {
                deployments.applyAccess(m);
            } catch (Exception e) {
                LOG.warnf("cannot apply the access setting of %s yet: %s", m.name, e.toString());
            }
        }
    }
}
