package dev.knobs.functions.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentSpec;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.domain.experiment.Trial;
import dev.knobs.domain.experiment.TrialState;
import dev.knobs.eventing.payload.DatasetRef;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.Resources;
import dev.knobs.functions.PlatformResource;
import dev.knobs.functions.TuningLoopTest;
import dev.knobs.functions.serving.knative.ModelServices;
import dev.knobs.functions.trial.TrialLaunch;
import dev.knobs.functions.trial.TrialLauncher;
import dev.knobs.functions.trial.job.TrialJobs;
import io.fabric8.knative.client.KnativeClient;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A whole experiment in cluster mode against the fabric8 mock API server in CRUD mode, with every
 * event delivered twice (PlatformResource doubles the Triggers).
 */
@QuarkusTest
@TestProfile(ClusterProfile.class)
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(value = PlatformResource.class, restrictToAnnotatedClass = false)
class ClusterModeTest {
    @Inject KubernetesClient client;

    @Inject TrialLauncher launcher;

    @Test
    void stoppingAPrunedTrialDeletesItsJob() throws Exception {
        TrialLaunch request =
                new TrialLaunch(
                        "prune",
                        "prune-t1",
                        1,
                        1,
                        Map.of("max_depth", 3L),
                        "xgboost",
                        null,
                        new DatasetRef("d", "http://web/api/artifacts/datasets/d", "label"),
                        new Objective("accuracy", Objective.Goal.MAXIMIZE),
                        new Resources(1, 512, 300),
                        "http://web/api/artifacts/models/prune-t1",
                        true,
                        2);
        launcher.launch(request);
        var jobs = client.batch().v1().jobs().inNamespace(ClusterProfile.NAMESPACE);
        Job job = jobs.withName(TrialJobs.name("prune-t1")).get();
        assertThat(job).isNotNull();
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anySatisfy(
                        e -> {
                            assertThat(e.getName()).isEqualTo("KNOBS_REPORT_PROGRESS");
                            assertThat(e.getValue()).isEqualTo("1");
                        });
        launcher.stop("prune-t1");
        assertThat(jobs.withName(TrialJobs.name("prune-t1")).get()).isNull();
        launcher.stop("prune-t1"); // again: nothing there, no error
    }

    @Test
    void runsTrialsAsJobsCountsAFailedJobAndPublishesAKnativeService() throws Exception {
        try (ClusterStandIns cluster =
                ClusterStandIns.forPlatform(
                        client, job -> job.getMetadata().getName().endsWith("-t2"))) {
            ExperimentSpec u =
                    TuningLoopTest.upload(
                            "cluster",
                            "learning_rate = 0.05 ~ 0.5 log, max_depth: 2..5",
                            "xgboost",
                            5,
                            2);
            TuningLoopTest.post(TuningLoopTest.event(u), false, 204);

            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () ->
                                    TuningLoopTest.experiment("cluster") != null
                                            && TuningLoopTest.experiment("cluster").status.ended());
            Experiment e = TuningLoopTest.experiment("cluster");
            assertThat(e.status).as(e.stopReason).isEqualTo(ExperimentStatus.SUCCEEDED);
            assertThat(e.trialsFinished).isEqualTo(5);
            assertThat(e.trialsFailed).isEqualTo(1);

            // one Job per trial, though every trial-requested arrived twice
            List<Job> jobs =
                    client.batch()
                            .v1()
                            .jobs()
                            .inNamespace(ClusterProfile.NAMESPACE)
                            .list()
                            .getItems();
            assertThat(jobs)
                    .extracting(j -> j.getMetadata().getName())
                    .containsExactlyInAnyOrder(
                            "knobs-cluster-t1",
                            "knobs-cluster-t2",
                            "knobs-cluster-t3",
                            "knobs-cluster-t4",
                            "knobs-cluster-t5");
            Job job =
                    jobs.stream()
                            .filter(j -> j.getMetadata().getName().equals("knobs-cluster-t1"))
                            .findFirst()
                            .orElseThrow();
            assertThat(job.getSpec().getBackoffLimit()).isZero();
            assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(300L);
            assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(3600);
            assertThat(job.getMetadata().getLabels())
                    .containsEntry(TrialJobs.LABEL_EXPERIMENT, "cluster")
                    .containsEntry(TrialJobs.LABEL_TRIAL, "cluster-t1");
            var pod = job.getSpec().getTemplate().getSpec();
            assertThat(pod.getRestartPolicy()).isEqualTo("Never");
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            Container container = pod.getContainers().get(0);
            assertThat(container.getImage()).isEqualTo(ClusterProfile.IMAGE);
            assertThat(container.getArgs()).containsExactly("train");
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits().get("memory").toString())
                    .isEqualTo("512Mi");
            Map<String, EnvVar> env =
                    container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, v -> v));
            assertThat(env)
                    .containsKeys(
                            "KNOBS_HP_LEARNING_RATE",
                            "KNOBS_HP_MAX_DEPTH",
                            "KNOBS_HPARAMS",
                            "KNOBS_TRIAL_ID",
                            "K_SINK",
                            "KNOBS_DATASET_URL");
            // the trial's own credential, in a Secret of its own that its Job owns
            String secretName =
                    env.get("KNOBS_ARTIFACT_TOKEN").getValueFrom().getSecretKeyRef().getName();
            assertThat(secretName).isEqualTo("knobs-cluster-t1-credential");
            Secret credential =
                    client.secrets()
                            .inNamespace(ClusterProfile.NAMESPACE)
                            .withName(secretName)
                            .get();
            assertThat(credential.getMetadata().getOwnerReferences())
                    .singleElement()
                    .satisfies(
                            o -> {
                                assertThat(o.getKind()).isEqualTo("Job");
                                assertThat(o.getName()).isEqualTo("knobs-cluster-t1");
                            });
            String token =
                    credential.getStringData() != null
                            ? credential.getStringData().get("token")
                            : new String(
                                    Base64.getDecoder().decode(credential.getData().get("token")),
                                    StandardCharsets.UTF_8);
            assertThat(PlatformResource.CREDENTIALS.trialOf(token, Instant.now()))
                    .hasValueSatisfying(c -> assertThat(c.trialId()).isEqualTo("cluster-t1"));
            assertThat(PlatformResource.CREDENTIALS.partOf(token)).isEmpty();
            assertThat(env.values())
                    .extracting(EnvVar::getValue)
                    .noneMatch(v -> v != null && v.contains(PlatformResource.KEY));

            // the OOMKilled Job is a failed trial with the reason
            Trial failed =
                    TuningLoopTest.trials("cluster").stream()
                            .filter(t -> t.number == 2)
                            .findFirst()
                            .orElseThrow();
            assertThat(failed.state).isEqualTo(TrialState.FAILED);
            assertThat(failed.reason).contains("OOMKilled").contains("137");
            assertThat(failed.exitCode).isEqualTo(137);

            // the winner is a scale-to-zero Knative Service, and its status URL is what
            // model-published says
            Service service =
                    client.adapt(KnativeClient.class)
                            .services()
                            .inNamespace(ClusterProfile.NAMESPACE)
                            .withName("model-cluster")
                            .get();
            assertThat(service.getMetadata().getLabels())
                    .containsEntry(ModelServices.LABEL_MODEL, "cluster");
            var template = service.getSpec().getTemplate();
            assertThat(template.getMetadata().getAnnotations())
                    .containsEntry("autoscaling.knative.dev/min-scale", "0")
                    .containsEntry(ModelServices.ANNOTATION_REVISION, "1");
            Container server = template.getSpec().getContainers().get(0);
            assertThat(server.getImage()).isEqualTo(ClusterProfile.IMAGE);
            assertThat(server.getArgs()).containsExactly("serve");
            assertThat(server.getReadinessProbe().getHttpGet().getPath())
                    .isEqualTo("/v2/health/ready");
            Trial best =
                    TuningLoopTest.trials("cluster").stream()
                            .filter(t -> t.id.equals(e.bestTrialId))
                            .findFirst()
                            .orElseThrow();
            assertThat(server.getEnv())
                    .anySatisfy(
                            v -> {
                                assertThat(v.getName()).isEqualTo("KNOBS_MODEL_URL");
                                assertThat(v.getValue()).isEqualTo(best.modelUrl);
                            });
            // (that model-published carries this URL is checked by ClusterFlowTest)
            assertThat(e.modelUrl).isEqualTo("http://model-cluster.knobs-test.example.com");
        }
    }
}
