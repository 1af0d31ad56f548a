package dev.knobs.functions.recovery;

import dev.knobs.domain.experiment.PublishedModel;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.eventing.payload.TrialFinished;
import dev.knobs.eventing.payload.TrialStatus;
import dev.knobs.functions.outbox.OutboxRelay;
import dev.knobs.functions.serving.ModelEndpoints;
import dev.knobs.functions.trial.TrialLauncher;
import dev.knobs.functions.trial.TrialReporter;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Puts the platform back in line with its database, at every start and then every few seconds (on a
 * cluster, at each tick of the clock): events are wake-up calls, the rows say what must be so. It
 * starts submitted experiments nobody started (and runs again the ones their owners extended),
 * applies cancellations, runs again the trials whose process or Job is gone (lost to a crash, not
 * their failure), requests again trials whose request was lost, finishes publishing, wakes
 * experiments that wait for nothing, and puts model endpoints in line with their owners' access
 * settings. Each step is idempotent; a step that fails is tried again next time.
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

    @Inject Repairs repairs;
    @Inject ModelEndpoints endpoints;
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
        int startedExperiments = 0;
        for (String id : repairs.unstarted(now.minus(SETTLE))) {
            repairs.start(id);
            startedExperiments++;
        }
        for (String id : repairs.extended()) {
            startedExperiments += repairs.extend(id) ? 1 : 0;
        }
        List<String> cancelled = repairs.cancelled();
        cancelled.forEach(id -> launcher.stop(repairs.cancel(id)));
        int lost = lostTrials(now);
        Instant late = now.minus(LATE);
        int requested =
                repairs.requestAgain(late) + repairs.selectAgain() + repairs.uploadAgain(late);
        List<String> idle = repairs.idle();
        idle.forEach(id -> launcher.stop(repairs.wake(id)));
        accessSettings();
        Pass pass = new Pass(startedExperiments, cancelled.size(), lost, requested, idle.size());
        if (pass.any()) {
            LOG.infof("reconciled: %s", pass);
            relay.signal();
        }
        return pass;
    }

    /**
     * Running trials no launcher holds any more — the functions stopped under them, their process
     * was killed, their Job vanished: reported lost, so they run again. Trials started before this
     * process started are taken up {@link #RESUME} after the start (reports sent before it have
     * arrived by then); others once they have run for {@link #SETTLE}. Either way a late report of
     * the same attempt and the lost report share one event id: whichever comes first counts. A
     * trial that ended where it ran while its report was lost is reported as it ended.
     */
    private int lostTrials(Instant now) {
        if (now.isBefore(started.plus(RESUME))) {
            return 0;
        }
        Instant before = now.minus(SETTLE).isBefore(started) ? started : now.minus(SETTLE);
        int lost = 0;
        for (Trial t : repairs.runningSince(before)) {
            TrialLauncher.Attempt seen = launcher.attempt(t.id, t.attempt);
            if (seen.ended() != null) {
                reporter.report(seen.ended());
            } else if (!seen.held()) {
                reporter.report(lostReport(t));
                lost++;
            }
        }
        return lost;
    }

    private static TrialFinished lostReport(Trial t) {
        return new TrialFinished(
                t.experimentId,
                t.id,
                TrialStatus.LOST,
                Map.of(),
                null,
                "its process or Job is gone (the platform restarted under it, or it was removed)",
                null,
                t.logTail,
                t.attempt);
    }

    /** Endpoints not yet in line with their owner's latest settings (or removal). */
    private void accessSettings() {
        for (PublishedModel m : repairs.accessBehind()) {
            try {
                endpoints.reconcile(m.name);
            } catch (Exception e) {
                LOG.warnf("cannot apply the access setting of %s yet: %s", m.name, e.toString());
            }
        }
    }
}
