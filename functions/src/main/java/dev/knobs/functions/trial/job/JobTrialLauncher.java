package dev.knobs.functions.trial.job;

import dev.knobs.eventing.trust.Credentials;
import dev.knobs.functions.config.KnobsConfig;
import dev.knobs.functions.trial.TrialContract;
import dev.knobs.functions.trial.TrialLaunch;
import dev.knobs.functions.trial.TrialLauncher;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Runs each attempt of a trial as a {@code batch/v1} Job through the Kubernetes client, with its
 * own credential in a Secret the Job owns. Creating the same attempt twice finds its Job already
 * there (409) and does nothing more. A Job that ends without the trainer reporting is reported by
 * {@link TrialJobWatcher}.
 */
public class JobTrialLauncher implements TrialLauncher {
    private static final Logger LOG = Logger.getLogger(JobTrialLauncher.class);

    private final KubernetesClient client;
    private final KnobsConfig config;
    private final Credentials credentials;
    private final TrialJobWatcher watcher;

    public JobTrialLauncher(
            KubernetesClient client,
            KnobsConfig config,
            Credentials credentials,
            TrialJobWatcher watcher) {
        this.client = client;
        this.config = config;
        this.credentials = credentials;
        this.watcher = watcher;
    }

    @Override
    public void launch(TrialLaunch launch) {
        KnobsConfig.Trial.Job k8s = config.trial().job();
        Job job =
                TrialJobs.job(
                        launch,
                        k8s.image(),
                        config.trial().sink().toString(),
                        k8s.ttlSecondsAfterFinished());
        String name = job.getMetadata().getName();
        Job created;
        try {
            created = client.batch().v1().jobs().inNamespace(namespace()).resource(job).create();
            LOG.debugf("trial %s: created Job %s", launch.trialId(), name);
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            LOG.debugf("trial %s: Job %s exists already", launch.trialId(), name);
            created = client.batch().v1().jobs().inNamespace(namespace()).withName(name).get();
        }
        if (created != null) {
            credential(launch, created);
        }
    }

    /** The attempt's credential in the Secret its Job reads, owned by the Job (it goes with it). */
    private void credential(TrialLaunch launch, Job job) {
        String token = TrialContract.credential(credentials, launch, Instant.now());
        Secret secret =
                new SecretBuilder()
                        .withNewMetadata()
                        .withName(TrialJobs.credentialSecret(job.getMetadata().getName()))
                        .withLabels(job.getMetadata().getLabels())
                        .withOwnerReferences(
                                new OwnerReferenceBuilder()
                                        .withApiVersion("batch/v1")
                                        .withKind("Job")
                                        .withName(job.getMetadata().getName())
                                        .withUid(job.getMetadata().getUid())
                                        .build())
                        .endMetadata()
                        .withType("Opaque")
                        .withStringData(Map.of("token", token))
                        .build();
        try {
            client.secrets().inNamespace(namespace()).resource(secret).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
    }

    /** Deletes every Job of the trial (any attempt) and, in the background, its pod and Secret. */
    @Override
    public void stop(String trialId) {
        client.batch()
                .v1()
                .jobs()
                .inNamespace(namespace())
                .withLabel(TrialJobs.LABEL_TRIAL, TrialJobs.labelValue(trialId))
                .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                .delete();
        LOG.debugf("trial %s: deleted its Jobs", trialId);
    }

    /** Whether a Job of this attempt of the trial exists (ended or not: its end is reported). */
    @Override
    public boolean holds(String trialId, int attempt) {
        return client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(namespace())
                        .withName(TrialJobs.name(trialId, attempt))
                        .get()
                != null;
    }

    /** One read of the attempt's Job: gone, ended without its report, or running. */
    @Override
    public Attempt attempt(String trialId, int attempt) {
        Job job =
                client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(namespace())
                        .withName(TrialJobs.name(trialId, attempt))
                        .get();
        if (job == null) {
            return Attempt.GONE;
        }
        return watcher.outcome(job)
                .map(Attempt::ended)
                .orElse(completedLongAgo(job) ? Attempt.GONE : Attempt.RUNNING);
    }

    /**
     * A built-in trainer's Job that completed a while ago while its trial still runs in the
     * database: the trainer's own report was lost on the way, so the attempt is.
     */
    private static boolean completedLongAgo(Job job) {
        String done = job.getStatus() == null ? null : job.getStatus().getCompletionTime();
        return done != null && Instant.parse(done).isBefore(Instant.now().minus(REPORT_TIME));
    }

    /** How long a trainer's report may take from its Job's completion to the functions. */
    private static final java.time.Duration REPORT_TIME = java.time.Duration.ofMinutes(2);

    String namespace() {
        return config.trial().job().namespace().orElseGet(client::getNamespace);
    }
}
