package dev.knobs.functions.serving.knative;

import dev.knobs.eventing.Hashes;
import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.eventing.trust.Credentials;
import dev.knobs.functions.config.KnobsConfig;
import dev.knobs.functions.serving.ModelDeployer;
import io.fabric8.knative.client.KnativeClient;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Deploys a model as a Knative Service that scales to zero, named {@code model-<name>} — a name
 * none of the platform's own objects can have — and changes only Services that carry that model's
 * labels. Deploying again (a new best, or a new upload under the same name) replaces the Service's
 * template, which makes a new Revision; traffic follows the latest ready Revision. The model server
 * reads its files with a credential for this model alone, kept in a Secret of its own.
 */
public class KnativeModelDeployer implements ModelDeployer {
    private final KubernetesClient client;
    private final KnativeClient knative;
    private final KnobsConfig.Serving.Knative config;
    private final Credentials credentials;
    private final String namespace;

    public KnativeModelDeployer(
            KubernetesClient client, KnobsConfig.Serving.Knative config, Credentials credentials) {
        this.client = client;
        this.knative = client.adapt(KnativeClient.class);
        this.config = config;
        this.credentials = credentials;
        this.namespace = config.namespace().orElseGet(client::getNamespace);
    }

    @Override
    public Endpoint deploy(String name, int revision, ModelRef model, String tokenSha256)
            throws InterruptedException {
        String service = ModelServices.serviceName(name);
        var resource = knative.services().inNamespace(namespace).withName(service);
        Service existing = resource.get();
        if (existing != null) {
            mine(existing, name);
        }
        credential(name);
        Service wanted =
                ModelServices.service(
                        name,
                        revision,
                        model,
                        config.image(),
                        config.minScale(),
                        config.maxScale(),
                        config.target(),
                        tokenSha256,
                        Hashes.sha256(credentials.modelCaller(name)));
        int target = revision;
        if (existing == null) {
            knative.services().inNamespace(namespace).resource(wanted).create();
        } else if (ModelServices.revisionOf(existing) < revision) {
            resource.edit(
                    s -> {
                        s.getSpec().setTemplate(wanted.getSpec().getTemplate());
                        s.getSpec().setTraffic(wanted.getSpec().getTraffic());
                        return s;
                    });
        } else {
            // a late, older revision does not take traffic back
            target = ModelServices.revisionOf(existing);
        }
        return awaitReady(service, target);
    }

    /** The model's Service, refusing one that is not this model's (it never changes those). */
    private static Service mine(Service existing, String name) {
        if (!ModelServices.isModel(existing, name)) {
            throw new IllegalStateException(
                    "the Knative Service "
                            + existing.getMetadata().getName()
                            + " exists but is not model "
                            + name
                            + "'s (it lacks the model's labels); Knobs leaves it alone");
        }
        return existing;
    }

    /** The model server's credential: it reads this model's files and nothing else. */
    private void credential(String name) {
        String secretName = ModelServices.credentialSecret(name);
        Secret existing = client.secrets().inNamespace(namespace).withName(secretName).get();
        Map<String, String> labels = existing == null ? null : existing.getMetadata().getLabels();
        if (existing != null
                && (labels == null || !name.equals(labels.get(ModelServices.LABEL_MODEL)))) {
            throw new IllegalStateException(
                    "the Secret "
                            + secretName
                            + " exists but is not model "
                            + name
                            + "'s (it lacks the model's labels); Knobs leaves it alone");
        }
        Secret secret =
                new SecretBuilder()
                        .withNewMetadata()
                        .withName(ModelServices.credentialSecret(name))
                        .withLabels(ModelServices.labels(name))
                        .endMetadata()
                        .withType("Opaque")
                        .withStringData(Map.of("token", credentials.modelServer(name)))
                        .build();
        var secrets = client.secrets().inNamespace(namespace);
        if (existing == null) {
            secrets.resource(secret).create();
        } else {
            // the same credential unless the platform's key changed since
            secrets.withName(secretName)
                    .edit(
                            s -> {
                                s.setData(null);
                                s.setStringData(secret.getStringData());
                                return s;
                            });
        }
    }

    @Override
    public boolean restrict(String name, String tokenSha256) {
        var resource =
                knative.services().inNamespace(namespace).withName(ModelServices.serviceName(name));
        Service existing = resource.get();
        if (existing == null) {
            return false;
        }
        mine(existing, name);
        resource.edit(s -> ModelServices.withToken(s, tokenSha256));
        return true;
    }

    private Endpoint awaitReady(String service, int revision) throws InterruptedException {
        Instant deadline = Instant.now().plus(config.readyTimeout());
        while (Instant.now().isBefore(deadline)) {
            Service s = knative.services().inNamespace(namespace).withName(service).get();
            if (s != null
                    && s.getStatus() != null
                    && s.getStatus().getUrl() != null
                    && ready(s)
                    && Objects.equals(
                            s.getStatus().getLatestReadyRevisionName(),
                            s.getStatus().getLatestCreatedRevisionName())
                    && ModelServices.revisionOf(s) == revision) {
                String internal =
                        s.getStatus().getAddress() == null
                                ? s.getStatus().getUrl()
                                : s.getStatus().getAddress().getUrl();
                return new Endpoint(s.getStatus().getUrl(), internal);
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(
                "the Knative Service "
                        + service
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
}
