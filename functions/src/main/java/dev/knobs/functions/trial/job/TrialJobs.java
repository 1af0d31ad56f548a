package dev.knobs.functions.trial.job;

import dev.knobs.eventing.TrialEnvironment;
import dev.knobs.functions.trial.TrialContract;
import dev.knobs.functions.trial.TrialLaunch;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a trial's {@code batch/v1} Job from the readable template {@code
 * kubernetes/trial-job.yaml}: a deterministic name (so a redelivered trial-requested creates no
 * second Job), labels for the experiment and the trial, the trial contract in env (the artifact
 * token from a Secret), the trial's CPU and memory as requests and limits, its deadline, and for a
 * custom trainer its image and pull secret. The trial's own credential is in a Secret of its own,
 * owned by its Job, so it goes with it and is not written into the Job (which ApiServerSource
 * events carry through the broker).
 */
public final class TrialJobs {
    public static final String LABEL_EXPERIMENT = "knobs.dev/experiment";
    public static final String LABEL_TRIAL = "knobs.dev/trial";
    public static final String ANNOTATION_TRIAL_ID = "knobs.dev/trial-id";
    public static final String ANNOTATION_EXPERIMENT_ID = "knobs.dev/experiment-id";
    public static final String ANNOTATION_OBJECTIVE = "knobs.dev/objective-metric";
    public static final String ANNOTATION_CUSTOM = "knobs.dev/custom-trainer";
    public static final String ANNOTATION_MODEL_UPLOAD = "knobs.dev/model-upload-url";
    public static final String ANNOTATION_ATTEMPT = "knobs.dev/trial-attempt";
    private static final String TEMPLATE = "/kubernetes/trial-job.yaml";

    private TrialJobs() {}

    /**
     * A DNS-1123 name of at most 63 characters, the same for the same attempt of the same trial (a
     * redelivered request meets its Job).
     */
    public static String name(String trialId, int attempt) {
        return name(attempt <= 1 ? trialId : trialId + "-a" + attempt);
    }

    /** The Secret that holds an attempt's credential: its Job's name, and owned by its Job. */
    public static String credentialSecret(String jobName) {
        return jobName.length() <= 52
                ? jobName + "-credential"
                : jobName.substring(0, 41) + "-" + hash(jobName).substring(0, 10);
    }

    public static String name(String trialId) {
        String base = "knobs-" + trialId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        if (base.length() <= 63) {
            return base;
        }
        return base.substring(0, 52).replaceAll("-+$", "") + "-" + hash(trialId);
    }

    /** A label value (at most 63 characters) for an id. */
    static String labelValue(String id) {
        return id.length() <= 63 ? id : id.substring(0, 54) + "-" + hash(id).substring(0, 8);
    }

    /**
     * @param sink where the trial reports (the front's ingress for trials)
     */
    public static Job job(TrialLaunch request, String trainerImage, String sink, int ttlSeconds) {
        Job template = load();
        boolean custom = request.trainer() != null && request.trainer().image() != null;
        String name = name(request.trialId(), request.attempt());
        Map<String, String> labels =
                Map.of(
                        LABEL_EXPERIMENT,
                        labelValue(request.experimentId()),
                        LABEL_TRIAL,
                        labelValue(request.trialId()));
        Map<String, String> annotations =
                Map.of(
                        ANNOTATION_TRIAL_ID,
                        request.trialId(),
                        ANNOTATION_EXPERIMENT_ID,
                        request.experimentId(),
                        ANNOTATION_OBJECTIVE,
                        request.objective().metric(),
                        ANNOTATION_CUSTOM,
                        String.valueOf(custom),
                        ANNOTATION_MODEL_UPLOAD,
                        request.modelUploadUrl() == null ? "" : request.modelUploadUrl(),
                        ANNOTATION_ATTEMPT,
                        String.valueOf(request.attempt()));
        Quantity cpu = new Quantity(Math.round(request.resources().cpu() * 1000) + "m");
        Quantity memory = new Quantity(request.resources().memoryMb() + "Mi");
        JobBuilder job =
                new JobBuilder(template)
                        .editMetadata()
                        .withName(name)
                        .addToLabels(labels)
                        .addToAnnotations(annotations)
                        .endMetadata()
                        .editSpec()
                        .withActiveDeadlineSeconds((long) request.resources().deadlineSeconds())
                        .withBackoffLimit(0)
                        .withTtlSecondsAfterFinished(ttlSeconds)
                        .editTemplate()
                        .editMetadata()
                        .addToLabels(labels)
                        .endMetadata()
                        .editSpec()
                        .editFirstContainer()
                        .withImage(custom ? request.trainer().image() : trainerImage)
                        .withEnv(env(request, sink, credentialSecret(name), custom))
                        .withResources(
                                new ResourceRequirementsBuilder()
                                        .addToRequests("cpu", cpu)
                                        .addToRequests("memory", memory)
                                        .addToLimits("cpu", cpu)
                                        .addToLimits("memory", memory)
                                        .build())
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec();
        Job built = job.build();
        var container = built.getSpec().getTemplate().getSpec().getContainers().get(0);
        if (!custom) {
            container.setArgs(List.of("train"));
        } else if (request.trainer().command() != null && !request.trainer().command().isBlank()) {
            container.setCommand(List.of("/bin/sh", "-c", request.trainer().command()));
        }
        if (custom
                && request.trainer().pullSecret() != null
                && !request.trainer().pullSecret().isBlank()) {
            built.getSpec()
                    .getTemplate()
                    .getSpec()
                    .setImagePullSecrets(
                            List.of(new LocalObjectReference(request.trainer().pullSecret())));
        }
        return built;
    }

    private static List<EnvVar> env(
            TrialLaunch request, String sink, String credentialSecret, boolean custom) {
        List<EnvVar> env = new ArrayList<>();
        TrialContract.environment(request, sink, "")
                .forEach(
                        (k, v) -> {
                            if (!k.equals(TrialEnvironment.ARTIFACT_TOKEN)) {
                                env.add(new EnvVar(k, v, null));
                            }
                        });
        env.add(
                new EnvVarBuilder()
                        .withName(TrialEnvironment.ARTIFACT_TOKEN)
                        .withNewValueFrom()
                        .withNewSecretKeyRef("token", credentialSecret, false)
                        .endValueFrom()
                        .build());
        if (!custom) {
            // the JVM sizes its heap from the container's memory limit
            env.add(
                    new EnvVar(
                            "JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75 -XX:+UseSerialGC", null));
        }
        return env;
    }

    private static Job load() {
        try (InputStream in = TrialJobs.class.getResourceAsStream(TEMPLATE)) {
            return Serialization.unmarshal(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8), Job.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hash(String s) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(s.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
