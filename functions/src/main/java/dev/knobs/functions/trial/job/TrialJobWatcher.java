package dev.knobs.functions.trial.job;

import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.eventing.payload.TrialFinished;
import dev.knobs.eventing.payload.TrialStatus;
import dev.knobs.functions.trial.TrialOutput;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns a trial Job's end into {@code trial-finished} when the trainer did not report it: a failed
 * Job (deadline exceeded, the container OOMKilled or exiting non-zero, an image that cannot be
 * pulled) becomes failed with the reason and the tail of the pod's log; a custom trainer's
 * completed Job becomes succeeded with the {@code name=value} metrics from its log. Job changes
 * arrive as Knative ApiServerSource events (docs/adr/0006). The report has the trainer's own event
 * id, so when the trainer did report, this one is a duplicate and changes nothing.
 */
public class TrialJobWatcher {
    private static final Set<String> IMAGE_PROBLEMS =
            Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");
    private static final int LOG_LINES = 200;

    private final KubernetesClient client;
    private final Predicate<String> artifactExists;

    /**
     * @param artifactExists whether the artifact API holds a file at a URL: a custom trainer that
     *     uploaded its model to {@code KNOBS_MODEL_UPLOAD_URL} gets it served
     */
    public TrialJobWatcher(KubernetesClient client, Predicate<String> artifactExists) {
        this.client = client;
        this.artifactExists = artifactExists;
    }

    /**
     * The report the named Job's current state calls for, if any — read from the cluster, not from
     * the event that named it (an event is a hint, the API server the authority).
     */
    public Optional<TrialFinished> outcomeOf(String namespace, String name) {
        if (namespace == null || name == null) {
            return Optional.empty();
        }
        Job job;
        try {
            job = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
        return job == null ? Optional.empty() : outcome(job);
    }

    /** The report a Job's current state calls for, if any. */
    public Optional<TrialFinished> outcome(Job job) {
        Map<String, String> annotations =
                job.getMetadata() == null ? null : job.getMetadata().getAnnotations();
        if (annotations == null
                || !annotations.containsKey(TrialJobs.ANNOTATION_TRIAL_ID)
                || job.getStatus() == null) {
            return Optional.empty();
        }
        String trial = annotations.get(TrialJobs.ANNOTATION_TRIAL_ID);
        String experiment = annotations.get(TrialJobs.ANNOTATION_EXPERIMENT_ID);
        boolean custom = Boolean.parseBoolean(annotations.get(TrialJobs.ANNOTATION_CUSTOM));
        int attempt = attempt(annotations);
        Optional<JobCondition> failed = condition(job, "Failed");
        if (failed.isPresent()) {
            Pod pod = pod(job).orElse(null);
            return Optional.of(
                    TrialOutput.failed(
                                    experiment,
                                    trial,
                                    reason(job, failed.get(), pod),
                                    exitCode(pod),
                                    TrialOutput.tail(log(job, pod)))
                            .forAttempt(attempt));
        }
        if (condition(job, "Complete").isPresent() && custom) {
            Pod pod = pod(job).orElse(null);
            TrialFinished result =
                    TrialOutput.fromOutput(
                            experiment,
                            trial,
                            annotations.get(TrialJobs.ANNOTATION_OBJECTIVE),
                            log(job, pod));
            String upload = annotations.getOrDefault(TrialJobs.ANNOTATION_MODEL_UPLOAD, "");
            if (result.status() == TrialStatus.SUCCEEDED
                    && !upload.isEmpty()
                    && artifactExists.test(upload)) {
                result =
                        new TrialFinished(
                                result.experimentId(),
                                result.trialId(),
                                result.status(),
                                result.metrics(),
                                new ModelRef(upload, ModelRef.ONNX),
                                null,
                                0,
                                result.logTail());
            }
            return Optional.of(result.forAttempt(attempt));
        }
        return Optional.empty();
    }

    private static int attempt(Map<String, String> annotations) {
        try {
            return Integer.parseInt(annotations.getOrDefault(TrialJobs.ANNOTATION_ATTEMPT, "1"));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static Optional<JobCondition> condition(Job job, String type) {
        List<JobCondition> conditions = job.getStatus().getConditions();
        return conditions == null
                ? Optional.empty()
                : conditions.stream()
                        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
                        .findFirst();
    }

    static String reason(Job job, JobCondition failed, Pod pod) {
        ContainerStatus status = container(pod);
        if (status != null && status.getState() != null) {
            var waiting = status.getState().getWaiting();
            if (waiting != null && IMAGE_PROBLEMS.contains(waiting.getReason())) {
                return "the trial's image could not be pulled ("
                        + waiting.getReason()
                        + "): "
                        + waiting.getMessage();
            }
            var terminated = status.getState().getTerminated();
            if (terminated != null && "OOMKilled".equals(terminated.getReason())) {
                return "the trial ran out of memory (OOMKilled, exit status "
                        + terminated.getExitCode()
                        + "); give it more memory";
            }
            if (terminated != null
                    && terminated.getExitCode() != null
                    && terminated.getExitCode() != 0
                    && !"DeadlineExceeded".equals(failed.getReason())) {
                return "the trainer exited with status "
                        + terminated.getExitCode()
                        + (terminated.getReason() == null
                                ? ""
                                : " (" + terminated.getReason() + ")");
            }
        }
        if ("DeadlineExceeded".equals(failed.getReason())) {
            return "the trial exceeded its deadline of "
                    + job.getSpec().getActiveDeadlineSeconds()
                    + " s and was stopped";
        }
        return "the trial's Job failed: "
                + failed.getReason()
                + (failed.getMessage() == null ? "" : " — " + failed.getMessage());
    }

    private static Integer exitCode(Pod pod) {
        ContainerStatus status = container(pod);
        return status == null
                        || status.getState() == null
                        || status.getState().getTerminated() == null
                ? null
                : status.getState().getTerminated().getExitCode();
    }

    private static ContainerStatus container(Pod pod) {
        if (pod == null
                || pod.getStatus() == null
                || pod.getStatus().getContainerStatuses() == null
                || pod.getStatus().getContainerStatuses().isEmpty()) {
            return null;
        }
        return pod.getStatus().getContainerStatuses().get(0);
    }

    private Optional<Pod> pod(Job job) {
        try {
            return client
                    .pods()
                    .inNamespace(job.getMetadata().getNamespace())
                    .withLabel("job-name", job.getMetadata().getName())
                    .list()
                    .getItems()
                    .stream()
                    .findFirst();
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
    }

    private String log(Job job, Pod pod) {
        if (pod == null) {
            return "";
        }
        try {
            String log =
                    client.pods()
                            .inNamespace(job.getMetadata().getNamespace())
                            .withName(pod.getMetadata().getName())
                            .tailingLines(LOG_LINES)
                            .getLog();
            return log == null ? "" : log;
        } catch (KubernetesClientException e) {
            return "";
        }
    }
}
