package dev.knobs.functions.trial.job;

import dev.knobs.eventing.payload.TrialRequested;
import dev.knobs.functions.config.KnobsConfig;
import dev.knobs.functions.trial.TrialLauncher;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import org.jboss.logging.Logger;

/**
 * Runs each trial as a {@code batch/v1} Job through the Kubernetes client. Creating the same trial
 * twice finds its Job already there (409) and does nothing. A Job that ends without the trainer
 * reporting is reported by {@link TrialJobWatcher}.
 */
public class JobTrialLauncher implements TrialLauncher {
    private static final Logger LOG = Logger.getLogger(JobTrialLauncher.class);

    private final KubernetesClient client;
    private final KnobsConfig config;

    public JobTrialLauncher(KubernetesClient client, KnobsConfig config) {
        this.client = client;
        this.config = config;
    }

    @Override
    public void launch(TrialRequested request) {
        KnobsConfig.Trial.Job k8s = config.trial().job();
        Job job =
                TrialJobs.job(
                        request,
                        k8s.image(),
                        config.sink().toString(),
                        k8s.artifactSecret(),
                        k8s.ttlSecondsAfterFinished());
        try {
            client.batch().v1().jobs().inNamespace(namespace()).resource(job).create();
            LOG.debugf("trial %s: created Job %s", request.trialId(), job.getMetadata().getName());
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            LOG.debugf(
                    "trial %s: Job %s exists already",
                    request.trialId(), job.getMetadata().getName());
        }
    }

    /** Deletes the trial's Job and, in the background, its pod. */
    @Override
    public void stop(String trialId) {
        client.batch()
                .v1()
                .jobs()
                .inNamespace(namespace())
                .withName(TrialJobs.name(trialId))
                .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                .delete();
        LOG.debugf("trial %s: deleted Job %s", trialId, TrialJobs.name(trialId));
    }

    String namespace() {
        return config.trial().job().namespace().orElseGet(client::getNamespace);
    }
}
