package dev.knobs.functions.trial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knobs.eventing.payload.TrialFinished;
import dev.knobs.eventing.payload.TrialStatus;
import dev.knobs.functions.trial.job.TrialJobWatcher;
import dev.knobs.functions.trial.job.TrialJobs;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a trial Job's end becomes trial-finished when the trainer did not report it. */
@EnableKubernetesMockClient(crud = true)
class TrialJobWatcherTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    static Job job(String name, boolean custom, String condition, String reason) {
        return new JobBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("t")
                .withAnnotations(
                        Map.of(
                                TrialJobs.ANNOTATION_TRIAL_ID,
                                name + "-trial",
                                TrialJobs.ANNOTATION_EXPERIMENT_ID,
                                "exp",
                                TrialJobs.ANNOTATION_OBJECTIVE,
                                "score",
                                TrialJobs.ANNOTATION_CUSTOM,
                                String.valueOf(custom),
                                TrialJobs.ANNOTATION_MODEL_UPLOAD,
                                "http://web/api/artifacts/models/" + name + "-trial"))
                .endMetadata()
                .withNewSpec()
                .withActiveDeadlineSeconds(300L)
                .endSpec()
                .withNewStatus()
                .addNewCondition()
                .withType(condition)
                .withStatus("True")
                .withReason(reason)
                .endCondition()
                .endStatus()
                .build();
    }

    static void pod(String job, io.fabric8.kubernetes.api.model.ContainerState state) {
        client.pods()
                .inNamespace("t")
                .resource(
                        new PodBuilder()
                                .withNewMetadata()
                                .withName(job + "-abcde")
                                .withNamespace("t")
                                .addToLabels("job-name", job)
                                .endMetadata()
                                .withNewStatus()
                                .withContainerStatuses(
                                        new ContainerStatusBuilder()
                                                .withName("trial")
                                                .withState(state)
                                                .build())
                                .endStatus()
                                .build())
                .create();
    }

    static void log(String job, String text) {
        server.expect()
                .get()
                .withPath(
                        "/api/v1/namespaces/t/pods/"
                                + job
                                + "-abcde/log?pretty=false&tailLines=200")
                .andReturn(200, text)
                .always();
    }

    @Test
    void anOomKilledTrialFailsWithTheReasonAndItsLog() {
        pod(
                "oom",
                new ContainerStateBuilder()
                        .withNewTerminated()
                        .withExitCode(137)
                        .withReason("OOMKilled")
                        .endTerminated()
                        .build());
        log("oom", "epoch 1\njava.lang.OutOfMemoryError\n");
        TrialFinished f =
                new TrialJobWatcher(
                                client,
                                url -> url.equals("http://web/api/artifacts/models/custom-trial"))
                        .outcome(job("oom", false, "Failed", "BackoffLimitExceeded"))
                        .orElseThrow();
        assertThat(f.status()).isEqualTo(TrialStatus.FAILED);
        assertThat(f.trialId()).isEqualTo("oom-trial");
        assertThat(f.reason()).contains("ran out of memory (OOMKilled, exit status 137)");
        assertThat(f.exitCode()).isEqualTo(137);
        assertThat(f.logTail()).contains("OutOfMemoryError");
    }

    @Test
    void aTrialPastItsDeadlineFailsSayingSo() {
        pod(
                "late",
                new ContainerStateBuilder()
                        .withNewTerminated()
                        .withExitCode(143)
                        .withReason("Error")
                        .endTerminated()
                        .build());
        TrialFinished f =
                new TrialJobWatcher(
                                client,
                                url -> url.equals("http://web/api/artifacts/models/custom-trial"))
                        .outcome(job("late", false, "Failed", "DeadlineExceeded"))
                        .orElseThrow();
        assertThat(f.reason())
                .isEqualTo("the trial exceeded its deadline of 300 s and was stopped");
    }

    @Test
    void anImageThatCannotBePulledIsNamed() {
        pod(
                "pull",
                new ContainerStateBuilder()
                        .withNewWaiting()
                        .withReason("ImagePullBackOff")
                        .withMessage("Back-off pulling image \"registry.example.com/mine:1\"")
                        .endWaiting()
                        .build());
        TrialFinished f =
                new TrialJobWatcher(
                                client,
                                url -> url.equals("http://web/api/artifacts/models/custom-trial"))
                        .outcome(job("pull", true, "Failed", "DeadlineExceeded"))
                        .orElseThrow();
        assertThat(f.reason())
                .contains("image could not be pulled (ImagePullBackOff)")
                .contains("registry.example.com/mine:1");
    }

    @Test
    void aCustomTrainersMetricsComeFromItsLog() {
        pod(
                "custom",
                new ContainerStateBuilder()
                        .withNewTerminated()
                        .withExitCode(0)
                        .withReason("Completed")
                        .endTerminated()
                        .build());
        log("custom", "loading\nscore=0.25\nscore = 0.75\nloss=1e-3\n");
        TrialFinished f =
                new TrialJobWatcher(
                                client,
                                url -> url.equals("http://web/api/artifacts/models/custom-trial"))
                        .outcome(job("custom", true, "Complete", null))
                        .orElseThrow();
        assertThat(f.status()).isEqualTo(TrialStatus.SUCCEEDED);
        assertThat(f.metrics()).containsEntry("score", 0.75).containsEntry("loss", 0.001);
        // it uploaded its model: that model is the trial's
        assertThat(f.model().url()).isEqualTo("http://web/api/artifacts/models/custom-trial");
    }

    @Test
    void aCustomTrainerWithoutTheObjectiveFails() {
        pod(
                "silent",
                new ContainerStateBuilder()
                        .withNewTerminated()
                        .withExitCode(0)
                        .endTerminated()
                        .build());
        log("silent", "done\n");
        TrialFinished f =
                new TrialJobWatcher(
                                client,
                                url -> url.equals("http://web/api/artifacts/models/custom-trial"))
                        .outcome(job("silent", true, "Complete", null))
                        .orElseThrow();
        assertThat(f.status()).isEqualTo(TrialStatus.FAILED);
        assertThat(f.reason()).contains("without reporting the objective metric 'score'");
    }

    @Test
    void aBuiltInTrialThatCompletedReportedItselfAndOtherJobsAreNotOurs() {
        TrialJobWatcher watcher =
                new TrialJobWatcher(
                        client, url -> url.equals("http://web/api/artifacts/models/custom-trial"));
        assertThat(watcher.outcome(job("done", false, "Complete", null)))
                .isEqualTo(Optional.empty());
        Job foreign =
                new JobBuilder()
                        .withNewMetadata()
                        .withName("other")
                        .endMetadata()
                        .withNewStatus()
                        .endStatus()
                        .build();
        assertThat(watcher.outcome(foreign)).isEmpty();
    }
}
