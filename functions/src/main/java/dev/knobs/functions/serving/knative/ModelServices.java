package dev.knobs.functions.serving.knative;

import dev.knobs.eventing.TrialEnvironment;
import dev.knobs.eventing.payload.ModelRef;
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

    /**
     * @param callerSha256 SHA-256 of the credential the platform calls the model with
     */
    public static Service service(
            String name,
            int revision,
            ModelRef model,
            String image,
            int minScale,
            int maxScale,
            int target,
            String tokenSha256,
            String callerSha256) {
        Service template = load();
        Service service =
                new ServiceBuilder(template)
                        .editMetadata()
                        .withName(serviceName(name))
                        .addToLabels(labels(name))
                        .endMetadata()
                        .editSpec()
                        .editTemplate()
                        .editMetadata()
                        .addToLabels(labels(name))
                        .addToAnnotations(
                                Map.of(
                                        "autoscaling.knative.dev/min-scale",
                                        String.valueOf(minScale),
                                        "autoscaling.knative.dev/max-scale",
                                        String.valueOf(maxScale),
                                        "autoscaling.knative.dev/target",
                                        String.valueOf(target),
                                        ANNOTATION_REVISION,
                                        String.valueOf(revision)))
                        .endMetadata()
                        .endTemplate()
                        .endSpec()
                        .build();
        var container = service.getSpec().getTemplate().getSpec().getContainers().get(0);
        container.setImage(image);
        container.getEnv().stream()
                .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                .forEach(e -> e.getValueFrom().getSecretKeyRef().setName(credentialSecret(name)));
        container
                .getEnv()
                .addAll(
                        List.of(
                                new EnvVar("KNOBS_MODEL_NAME", name, null),
                                new EnvVar("KNOBS_MODEL_VERSION", String.valueOf(revision), null),
                                new EnvVar("KNOBS_MODEL_URL", model.url(), null),
                                new EnvVar("KNOBS_MODEL_FORMAT", model.format(), null),
                                new EnvVar(
                                        TrialEnvironment.MODEL_CALLER_SHA256, callerSha256, null)));
        return withToken(service, tokenSha256);
    }

    /**
     * The Service open to everyone (null) or only to the token whose SHA-256 this is: the model
     * server's {@value TrialEnvironment#MODEL_TOKEN_SHA256}. Changing it makes a new Revision.
     */
    public static Service withToken(Service service, String tokenSha256) {
        var env = service.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        env.removeIf(e -> e.getName().equals(TrialEnvironment.MODEL_TOKEN_SHA256));
        if (tokenSha256 != null) {
            env.add(new EnvVar(TrialEnvironment.MODEL_TOKEN_SHA256, tokenSha256, null));
        }
        return service;
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
