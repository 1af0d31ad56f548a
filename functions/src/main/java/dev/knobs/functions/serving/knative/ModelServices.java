package dev.knobs.functions.serving.knative;

import dev.knobs.eventing.Hashes;
import dev.knobs.eventing.TrialEnvironment;
import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.functions.serving.ModelDeployer;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.serving.v1.ServiceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Builds a model's {@code serving.knative.dev/v1} Service from the readable template {@code
 * kubernetes/model-service.yaml}: the trainer image in {@code serve} mode, the model's location in
 * env (the model server's own credential from its Secret), scale-to-zero annotations, and the
 * revision number in the template — so deploying a new best creates a new Revision and moves
 * traffic to it.
 */
public final class ModelServices {
    public static final String LABEL_MODEL = "knobs.dev/model";
    public static final String LABEL_COMPONENT = "app.kubernetes.io/component";
    public static final String ANNOTATION_REVISION = "knobs.dev/model-revision";

    /**
     * What every model's Service name starts with; the platform's own objects are named {@code
     * knobs-…}, so no model name can make a model's Service one of them.
     */
    public static final String PREFIX = "model-";

    private static final String TEMPLATE = "/kubernetes/model-service.yaml";

    private ModelServices() {}

    /** The Knative Service that serves model {@code name}. */
    public static String serviceName(String name) {
        return PREFIX + name;
    }

    /** The Secret with the model server's credential. */
    public static String credentialSecret(String name) {
        return PREFIX + name + "-credential";
    }

    /** The labels every object of model {@code name} carries. */
    public static Map<String, String> labels(String name) {
        return Map.of(LABEL_MODEL, name, LABEL_COMPONENT, "model");
    }

    /** Whether a Service is model {@code name}'s (it carries its labels). */
    public static boolean isModel(Service s, String name) {
        Map<String, String> labels = s.getMetadata().getLabels();
        return labels != null
                && name.equals(labels.get(LABEL_MODEL))
                && "model".equals(labels.get(LABEL_COMPONENT));
    }

    /** Where the model server reads who may call it: the model's Secret, mounted. */
    public static final String ACCESS_DIR = "/var/run/knobs/model";

    /** The key of the model's Secret that holds its token's SHA-256 (empty: open). */
    public static final String ACCESS_KEY = "token-sha256";

    /** Which Knative Revision serves each version: a JSON object on the Service. */
    public static final String ANNOTATION_VERSIONS = "knobs.dev/version-revisions";

    /** The label with a Revision's model version. */
    public static final String LABEL_VERSION = "knobs.dev/model-version";

    /**
     * The Service with version {@code revision} as its template, under a Revision name of its own
     * ({@link #revisionName}) that changes whenever what the template holds does.
     *
     * @param callerSha256 SHA-256 of the credential the platform calls the model with
     */
    public static Service service(
            String name,
            int revision,
            ModelRef model,
            String image,
            ModelDeployer.Scaling scaling,
            String callerSha256) {
        Map<String, String> annotations =
                new java.util.HashMap<>(
                        Map.of(
                                "autoscaling.knative.dev/min-scale",
                                String.valueOf(scaling.minScale()),
                                "autoscaling.knative.dev/max-scale",
                                String.valueOf(Math.max(1, scaling.maxScale())),
                                "autoscaling.knative.dev/target",
                                String.valueOf(Math.max(1, scaling.targetConcurrency())),
                                ANNOTATION_REVISION,
                                String.valueOf(revision)));
        if (scaling.scaleDownDelaySeconds() > 0) {
            annotations.put(
                    "autoscaling.knative.dev/scale-down-delay",
                    scaling.scaleDownDelaySeconds() + "s");
        }
        String revisionName =
                revisionName(
                        name,
                        revision,
                        String.join(
                                "|",
                                image,
                                model.url(),
                                model.format(),
                                callerSha256,
                                new java.util.TreeMap<>(annotations).toString()));
        Service service =
                new ServiceBuilder(load())
                        .editMetadata()
                        .withName(serviceName(name))
                        .addToLabels(labels(name))
                        .endMetadata()
                        .editSpec()
                        .editTemplate()
                        .editMetadata()
                        .withName(revisionName)
                        .addToLabels(labels(name))
                        .addToLabels(LABEL_VERSION, String.valueOf(revision))
                        .addToAnnotations(annotations)
                        .endMetadata()
                        .endTemplate()
                        .endSpec()
                        .build();
        var pod = service.getSpec().getTemplate().getSpec();
        var container = pod.getContainers().get(0);
        container.setImage(image);
        container.getEnv().stream()
                .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                .forEach(e -> e.getValueFrom().getSecretKeyRef().setName(credentialSecret(name)));
        pod.getVolumes().stream()
                .filter(v -> v.getSecret() != null)
                .forEach(v -> v.getSecret().setSecretName(credentialSecret(name)));
        container
                .getEnv()
                .addAll(
                        List.of(
                                new EnvVar("KNOBS_MODEL_NAME", name, null),
                                new EnvVar("KNOBS_MODEL_VERSION", String.valueOf(revision), null),
                                new EnvVar("KNOBS_MODEL_URL", model.url(), null),
                                new EnvVar("KNOBS_MODEL_FORMAT", model.format(), null),
                                new EnvVar(
                                        TrialEnvironment.MODEL_TOKEN_FILE,
                                        ACCESS_DIR + "/" + ACCESS_KEY,
                                        null),
                                new EnvVar(
                                        TrialEnvironment.MODEL_CALLER_SHA256, callerSha256, null)));
        return service;
    }

    /**
     * A Revision's name: the Service's, the version, and a digest of what its template holds (a
     * Revision name is given once; a new setting needs a new name).
     */
    static String revisionName(String name, int revision, String contents) {
        return serviceName(name) + "-v" + revision + "-" + Hashes.sha256(contents).substring(0, 6);
    }

    /** The revision number a model's Service serves (its template's annotation); 0 for none. */
    public static int revisionOf(Service s) {
        var annotations =
                s.getSpec() == null
                                || s.getSpec().getTemplate() == null
                                || s.getSpec().getTemplate().getMetadata() == null
                        ? null
                        : s.getSpec().getTemplate().getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(ANNOTATION_REVISION);
        try {
            return value == null ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Service load() {
        try (InputStream in = ModelServices.class.getResourceAsStream(TEMPLATE)) {
            return Serialization.unmarshal(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8), Service.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
