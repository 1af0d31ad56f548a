package dev.knobs.functions;

import dev.knobs.domain.experiment.ProcessedEvent;
import dev.knobs.eventing.payload.BestSelected;
import dev.knobs.eventing.payload.CancelRequested;
import dev.knobs.eventing.payload.ExtensionRequested;
import dev.knobs.eventing.payload.ModelAccessChanged;
import dev.knobs.eventing.payload.ModelUploaded;
import dev.knobs.eventing.payload.TrialFinished;
import dev.knobs.eventing.payload.TrialProgress;
import dev.knobs.eventing.payload.TrialRequested;
import dev.knobs.eventing.payload.UploadReceived;
import dev.knobs.functions.experiment.Extensions;
import dev.knobs.functions.experiment.Finishing;
import dev.knobs.functions.experiment.TuningLoop;
import dev.knobs.functions.outbox.OutboxRelay;
import dev.knobs.functions.recovery.Reconciler;
import dev.knobs.functions.serving.Deployments;
import dev.knobs.functions.stopping.ProgressJudge;
import dev.knobs.functions.trial.OverdueTrials;
import dev.knobs.functions.trial.TrialLaunch;
import dev.knobs.functions.trial.TrialLauncher;
import dev.knobs.functions.trial.TrialOutput;
import dev.knobs.functions.trial.TrialReporter;
import dev.knobs.functions.trial.job.TrialJobWatcher;
import dev.knobs.functions.trust.Authentic;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkus.funqy.Context;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventMapping;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The Funqy functions of the tuning loop, one per event type, bound by {@link CloudEventMapping} to
 * the types that {@code knative/base/500-triggers.yaml} routes here. Funqy calls them on a worker
 * thread; each returns once the event's effects are committed. Retries: a failure answers 5xx and
 * the broker redelivers the event, which the once-only check makes safe; a payload that does not
 * decode answers 400 ({@link BadEventHandler}) and is not retried. Every Knobs event must carry the
 * platform's signature ({@link Authentic}); events only name things, and each handler reads owners,
 * settings and trainers from the database.
 */
@Authentic
public class KnobsFunctions {
    private static final Logger LOG = Logger.getLogger(KnobsFunctions.class);

    @Inject TuningLoop loop;
    @Inject Finishing finishing;
    @Inject Extensions extensions;
    @Inject ProgressJudge progress;
    @Inject Deployments deployments;
    @Inject TrialLauncher launcher;
    @Inject TrialReporter reporter;
    @Inject OutboxRelay relay;
    @Inject TrialJobWatcher jobs;
    @Inject OverdueTrials clocks;
    @Inject Reconciler reconciler;

    @Funq
    @CloudEventMapping(trigger = "dev.knobs.upload-received")
    public void uploadReceived(UploadReceived upload, @Context CloudEvent<?> event) {
        loop.onUpload(upload, key(event));
        relay.signal();
    }

    @Funq
    @CloudEventMapping(trigger = "dev.knobs.trial-requested")
    public void trialRequested(TrialRequested request, @Context CloudEvent<?> event) {
        loop.onTrialRequested(request, key(event)).ifPresent(this::launch);
    }

    private void launch(TrialLaunch launch) {
        try {
            launcher.launch(launch);
        } catch (Exception e) {
            LOG.errorf(e, "cannot launch trial %s", launch.trialId());
            reporter.report(
                    TrialOutput.failed(
                                    launch.experimentId(),
                                    launch.trialId(),
                                    "the trial could not be started: " + e.getMessage(),
                                    null,
                                    null)
                            .forAttempt(launch.attempt()));
        }
    }

    /**
     * A trial Job changed (a Knative ApiServerSource event): report the trial if it ended without
     * the trainer reporting. The event only names the Job; its state is read from the cluster.
     */
    @Funq
    @CloudEventMapping(trigger = "dev.knative.apiserver.resource.update")
    public void trialJobUpdated(Job job, @Context CloudEvent<?> event) {
        if (job != null && job.getMetadata() != null) {
            jobs.outcomeOf(job.getMetadata().getNamespace(), job.getMetadata().getName())
                    .ifPresent(reporter::report);
        }
    }

    /**
     * An intermediate result: the early-stopping rule may stop the trial (it ends as pruned and its
     * slot goes to a new trial).
     */
    @Funq
    @CloudEventMapping(trigger = "dev.knobs.trial-progress")
    public void trialProgress(TrialProgress report, @Context CloudEvent<?> event) {
        stop(progress.onTrialProgress(report, key(event)));
        relay.signal();
    }

    @Funq
    @CloudEventMapping(trigger = "dev.knobs.trial-finished")
    public void trialFinished(TrialFinished finished, @Context CloudEvent<?> event) {
        stop(loop.onTrialFinished(finished, key(event)));
        relay.signal();
    }

    /** The owner cancelled a running experiment: its trials stop, nothing is published. */
    @Funq
    @CloudEventMapping(trigger = "dev.knobs.cancel-requested")
    public void cancelRequested(CancelRequested cancel, @Context CloudEvent<?> event) {
        stop(finishing.onCancel(cancel, key(event)));
    }

    /** The owner extended an ended experiment's budget: its search continues from its history. */
    @Funq
    @CloudEventMapping(trigger = "dev.knobs.extension-requested")
    public void extensionRequested(ExtensionRequested extension, @Context CloudEvent<?> event) {
        extensions.onExtensionRequested(extension, key(event));
        relay.signal();
    }

    /** Stops trials the committed state says are over (pruned, or their experiment ended). */
    private void stop(List<String> trialIds) {
        try {
            launcher.stop(trialIds);
        } catch (RuntimeException e) {
            LOG.warnf("cannot stop trials %s: %s", trialIds, e.toString());
        }
    }

    /** What the cluster's clock (a PingSource, once a minute) sends. */
    public record Tick(String clock) {}

    /**
     * The clock: on a cluster the functions scale to zero, so a PingSource wakes them to end
     * experiments whose time is spent, to reconcile (lost trials and events, docs/adr/0014) and to
     * fail trials left running past their deadline.
     */
    @Funq
    @CloudEventMapping(trigger = "dev.knative.sources.ping")
    public void clock(Tick tick, @Context CloudEvent<?> event) {
        Instant now = Instant.now();
        clocks.expire(now);
        reconciler.reconcile(now);
        clocks.sweep(now);
    }

    @Funq
    @CloudEventMapping(trigger = "dev.knobs.best-selected")
    public void bestSelected(BestSelected best, @Context CloudEvent<?> event) throws Exception {
        deployments.onBestSelected(best, key(event));
        relay.signal();
    }

    @Funq
    @CloudEventMapping(trigger = "dev.knobs.model-uploaded")
    public void modelUploaded(ModelUploaded uploaded, @Context CloudEvent<?> event)
            throws Exception {
        deployments.onModelUploaded(uploaded, key(event));
        relay.signal();
    }

    /** The owner opened a model to everyone or restricted it to a token: the endpoint follows. */
    @Funq
    @CloudEventMapping(trigger = "dev.knobs.model-access-changed")
    public void modelAccessChanged(ModelAccessChanged change, @Context CloudEvent<?> event)
            throws Exception {
        deployments.onAccessChanged(change);
    }

    private static String key(CloudEvent<?> event) {
        return ProcessedEvent.key(event.source(), event.id());
    }
}
