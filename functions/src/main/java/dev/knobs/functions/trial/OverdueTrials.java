package dev.knobs.functions.trial;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.experiment.TrialState;
import dev.knobs.functions.experiment.Experiments;
import dev.knobs.functions.experiment.Finishing;
import dev.knobs.functions.experiment.Trials;
import dev.knobs.functions.outbox.OutboxRelay;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The platform's clocks. The last safety net of "a trial that hangs is still finished": every
 * minute, a trial its launcher still holds well past its deadline (a process or Job that neither
 * ends nor reports) is stopped and reported as failed; a late report from the trainer itself then
 * changes nothing (same event id). A trial no launcher holds any more was lost, not failed: the
 * {@code Reconciler} runs it again. And every {@value #TIME_BUDGET_PERIOD_SECONDS} seconds, an
 * experiment whose time budget is spent is ended: its running trials are stopped and the best so
 * far is selected.
 */
@ApplicationScoped
public class OverdueTrials {
    private static final Logger LOG = Logger.getLogger(OverdueTrials.class);

    /** Time a launcher has, after the deadline, to report the trial itself. */
    static final Duration GRACE = Duration.ofMinutes(2);

    static final int TIME_BUDGET_PERIOD_SECONDS = 2;

    @Inject TrialReporter reporter;
    @Inject Experiments experiments;
    @Inject Trials trials;
    @Inject Finishing finishing;
    @Inject TrialLauncher launcher;
    @Inject OutboxRelay relay;

    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "knobs-overdue-trials");
                        t.setDaemon(true);
                        return t;
                    });

    void start(@Observes StartupEvent event) {
        thread.scheduleWithFixedDelay(this::sweepSafely, 1, 1, TimeUnit.MINUTES);
        thread.scheduleWithFixedDelay(
                this::expireSafely,
                TIME_BUDGET_PERIOD_SECONDS,
                TIME_BUDGET_PERIOD_SECONDS,
                TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        thread.shutdownNow();
    }

    private void expireSafely() {
        try {
            expire(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("time budget sweep: %s (will retry)", e.toString());
        }
    }

    /**
     * Ends every running experiment whose time budget is spent at {@code now}; returns how many.
     */
    public int expire(Instant now) {
        String query = "status = ?1 and deadline <= ?2";
        List<Experiment> due =
                QuarkusTransaction.requiringNew()
                        .call(() -> experiments.list(query, ExperimentStatus.RUNNING, now));
        for (Experiment e : due) {
            launcher.stop(finishing.expire(e.id, now));
        }
        if (!due.isEmpty()) {
            relay.signal();
        }
        return due.size();
    }

    private void sweepSafely() {
        try {
            sweep(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("overdue trial sweep: %s (will retry)", e.toString());
        }
    }

    /**
     * Reports every running trial past its deadline plus {@link #GRACE} at {@code now}; returns how
     * many.
     */
    public int sweep(Instant now) {
        List<Trial> running =
                QuarkusTransaction.requiringNew()
                        .call(() -> trials.list("state = ?1", TrialState.RUNNING));
        Map<String, Integer> deadlines = new HashMap<>();
        int reported = 0;
        for (Trial t : running) {
            int seconds = deadlines.computeIfAbsent(t.experimentId, this::deadline);
            // a trial may wait in the launcher's queue for up to one other trial's deadline
            if (t.startedAt != null
                    && t.startedAt.plusSeconds(2L * seconds).plus(GRACE).isBefore(now)
                    && launcher.holds(t.id, t.attempt)) {
                launcher.stop(List.of(t.id));
                String why =
                        "the trial was still running "
                                + GRACE.toMinutes()
                                + " minutes after twice its deadline of "
                                + seconds
                                + " s (it may have waited for a slot that long) and had not"
                                + " reported its end: it was stopped";
                reporter.report(
                        TrialOutput.failed(t.experimentId, t.id, why, null, t.logTail)
                                .forAttempt(t.attempt));
                reported++;
            }
        }
        return reported;
    }

    private int deadline(String experimentId) {
        Experiment e =
                QuarkusTransaction.requiringNew().call(() -> experiments.findById(experimentId));
        return e == null
                ? Integer.MAX_VALUE / 2
                : Experiments.spec(e).resources().deadlineSeconds();
    }
}
