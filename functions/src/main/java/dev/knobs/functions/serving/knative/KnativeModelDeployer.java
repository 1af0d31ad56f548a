package dev.knobs.functions.serving.knative;

import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.functions.config.KnobsConfig;
import dev.knobs.functions.serving.ModelDeployer;
import io.fabric8.knative.client.KnativeClient;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Objects;

/**
 * Deploys a model as a Knative Service that scales to zero. Deploying again (a new best, or a new
 * upload under the same name) replaces the Service's template, which makes a new Revision; the
 * Service's traffic follows the latest ready Revision. Returns the URL from the Service's status
 * once the new Revision is ready.
 */
public class KnativeModelDeployer implements ModelDeployer {
    private final KnativeClient knative;
    private final KnobsConfig.Serving.Knative config;
    private final String namespace;

    public KnativeModelDeployer(KubernetesClient client, KnobsConfig.Serving.Knative config) {
        this.knative = client.adapt(KnativeClient.class);
        this.config = config;
        this.namespace = config.namespace().orElseGet(client::getNamespace);
    }

    @Override
    public String deploy(String name, int revision, ModelRef model, String tokenSha256)
            throws InterruptedException {
        Service wanted =
                ModelServices.service(
                        name,
                        revision,
                        model,
                        config.image(),
                        config.artifactSecret(),
                        config.minScale(),
                        config.maxScale(),
                        config.target(),
                        tokenSha256);
        var resource = knative.services().inNamespace(namespace).withName(name);
        Service existing = resource.get();
        int target = revision;
        if (existing == null) {
            knative.services().inNamespace(namespace).resource(wanted).create();
        } else if (revisionOf(existing) < revision) {
            resource.edit(
                    s -> {
                        s.getSpec().setTemplate(wanted.getSpec().getTemplate());
                        s.getSpec().setTraffic(wanted.getSpec().getTraffic());
                        return s;
                    });
        } else {
            target = revisionOf(existing); // a late, older revision does not take traffic back
        }
        return awaitReady(name, target);
    }

    @Override
    public boolean restrict(String name, String tokenSha256) {
        var resource = knative.services().inNamespace(namespace).withName(name);
        if (resource.get() == null) {
            return false;
        }
        resource.edit(s -> ModelServices.withToken(s, tokenSha256));
        return true;
    }

    private String awaitReady(String name, int revision) throws InterruptedException {
        Instant deadline = Instant.now().plus(config.readyTimeout());
        while (Instant.now().isBefore(deadline)) {
            Service s = knative.services().inNamespace(namespace).withName(name).get();
            if (s != null
                    && s.getStatus() != null
                    && s.getStatus().getUrl() != null
                    && ready(s)
                    && Objects.equals(
                            s.getStatus().getLatestReadyRevisionName(),
                            s.getStatus().getLatestCreatedRevisionName())
                    && revisionOf(s) == revision) {
                return s.getStatus().getUrl();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(
                "the Knative Service "
                        + name
                        + " did not become ready with revision "
                        + revision
                        + " within "
                        + config.readyTimeout().toSeconds()
                        + " s");
    }

    private static boolean ready(Service s) {
        return s.getStatus().getConditions() != null
                && s.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static int revisionOf(Service s) {
        var annotations =
                s.getSpec() == null
                                || s.getSpec().getTemplate() == null
                                || s.getSpec().getTemplate().getMetadata() == null
                        ? null
                        : s.getSpec().getTemplate().getMetadata().getAnnotations();
        String value =
                annotations == null ? null : annotations.get(ModelServices.ANNOTATION_REVISION);
        return value == null ? 0 : Integer.parseInt(value);
    }
}
