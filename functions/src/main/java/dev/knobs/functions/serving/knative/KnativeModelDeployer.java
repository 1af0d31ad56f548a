package dev.knobs.functions.serving.knative;

import dev.knobs.eventing.Hashes;
import dev.knobs.eventing.Json;
import dev.knobs.eventing.trust.Credentials;
import dev.knobs.functions.config.KnobsConfig;
import dev.knobs.functions.serving.ModelDeployer;
import io.fabric8.knative.client.KnativeClient;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.serving.v1.TrafficTarget;
import io.fabric8.knative.serving.v1.TrafficTargetBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Deploys a model as a Knative Service that scales to zero, named {@code model-<name>} — a name
 * none of the platform's own objects can have — and changes only Services that carry that model's
 * labels. Each version of the model is a Revision with a name of its own, kept in the traffic block
 * with a tag ({@code v<n>}: its own URL) so it stays callable and can take traffic back (rollback)
 * or a share of it (canary); the Service's template is the newest version. Who may call the model
 * lives in its Secret, mounted into every Revision, so an access change needs no new Revision (the
 * kubelet refreshes a mounted Secret within about a minute). The model server reads its files with
 * a credential for this model alone, kept in a Secret of its own.
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

    /**
     * The template becomes the newest version with the model's scaling (a new Revision when what it
     * holds changed); the traffic block names each served version's Revision, tagged {@code v<n>}
     * (its own URL), with the primary's and the canary's percent and 0 for the others.
     */
    @Override
    public Endpoint apply(Serving serving) throws Exception {
        String name = serving.name();
        String service = ModelServices.serviceName(name);
        var resource = knative.services().inNamespace(namespace).withName(service);
        Service existing = resource.get();
        if (existing != null) {
            mine(existing, name);
        }
        credential(name, serving.tokenSha256());
        Map<Integer, String> revisions = revisions(existing);
        List<Version> order = new ArrayList<>(serving.versions());
        order.sort(java.util.Comparator.comparingInt(Version::revision));
        Version newest = order.get(order.size() - 1);
        Endpoint endpoint = null;
        for (Version v : order) {
            // a version served for the first time gets its Revision by being the template once;
            // the template ends as the newest version with the model's current settings
            if (v == newest || !revisions.containsKey(v.revision())) {
                endpoint = write(serving, v, revisions, v == newest);
            }
        }
        return endpoint;
    }

    /**
     * Makes version {@code v} the template, records its Revision, and waits until it is ready. Only
     * the last write sets the traffic the serving asks for; one before it keeps the traffic as it
     * was (or, for a new Service, sends it to the template) and adds the version at 0 %.
     */
    private Endpoint write(Serving serving, Version v, Map<Integer, String> revisions, boolean last)
            throws Exception {
        String name = serving.name();
        String service = ModelServices.serviceName(name);
        var resource = knative.services().inNamespace(namespace).withName(service);
        Service wanted =
                ModelServices.service(
                        name,
                        v.revision(),
                        v.model(),
                        config.image(),
                        serving.scaling(),
                        Hashes.sha256(credentials.modelCaller(name)));
        String template = wanted.getSpec().getTemplate().getMetadata().getName();
        revisions.put(v.revision(), template);
        Service current = resource.get();
        List<TrafficTarget> traffic =
                last ? traffic(serving, revisions) : interim(current, v.revision(), template);
        String versions = Json.MAPPER.writeValueAsString(revisions);
        if (current == null) {
            annotations(wanted).put(ModelServices.ANNOTATION_VERSIONS, versions);
            wanted.getSpec().setTraffic(traffic);
            knative.services().inNamespace(namespace).resource(wanted).create();
        } else {
            edit(
                    resource,
                    s -> {
                        annotations(s).put(ModelServices.ANNOTATION_VERSIONS, versions);
                        s.getSpec().setTemplate(wanted.getSpec().getTemplate());
                        s.getSpec().setTraffic(traffic);
                        return s;
                    });
        }
        return awaitReady(service, template);
    }

    /**
     * Edits a Service, again on a conflict: Knative's controller writes its status meanwhile, and
     * an edit of a changed object is refused (409).
     */
    private static void edit(
            io.fabric8.kubernetes.client.dsl.Resource<Service> resource,
            java.util.function.UnaryOperator<Service> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                resource.edit(change);
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private static Map<String, String> annotations(Service s) {
        if (s.getMetadata().getAnnotations() == null) {
            s.getMetadata().setAnnotations(new java.util.HashMap<>());
        }
        return s.getMetadata().getAnnotations();
    }

    private static List<TrafficTarget> interim(Service current, int revision, String template) {
        List<TrafficTarget> traffic = new ArrayList<>();
        if (current == null
                || current.getSpec().getTraffic() == null
                || current.getSpec().getTraffic().isEmpty()) {
            traffic.add(
                    new TrafficTargetBuilder().withLatestRevision(true).withPercent(100L).build());
        } else {
            traffic.addAll(current.getSpec().getTraffic());
        }
        traffic.add(
                new TrafficTargetBuilder()
                        .withRevisionName(template)
                        .withLatestRevision(false)
                        .withPercent(0L)
                        .withTag("v" + revision)
                        .build());
        return traffic;
    }

    /** The traffic block: every version with a Revision, tagged, the split as the serving says. */
    private static List<TrafficTarget> traffic(Serving serving, Map<Integer, String> revisions) {
        List<TrafficTarget> traffic = new ArrayList<>();
        for (Version v : serving.versions()) {
            String revision = revisions.get(v.revision());
            if (revision == null) {
                continue;
            }
            int percent =
                    v.revision() == serving.primary()
                            ? 100 - (serving.canary() == null ? 0 : serving.canaryPercent())
                            : serving.canary() != null && v.revision() == serving.canary()
                                    ? serving.canaryPercent()
                                    : 0;
            traffic.add(
                    new TrafficTargetBuilder()
                            .withRevisionName(revision)
                            .withLatestRevision(false)
                            .withPercent((long) percent)
                            .withTag("v" + v.revision())
                            .build());
        }
        return traffic;
    }

    /** Which Revision serves each version, as the Service records it. */
    private static Map<Integer, String> revisions(Service existing) throws Exception {
        Map<Integer, String> revisions = new TreeMap<>();
        String recorded =
                existing == null || existing.getMetadata().getAnnotations() == null
                        ? null
                        : existing.getMetadata()
                                .getAnnotations()
                                .get(ModelServices.ANNOTATION_VERSIONS);
        if (recorded != null) {
            Json.MAPPER
                    .readTree(recorded)
                    .fields()
                    .forEachRemaining(
                            e ->
                                    revisions.put(
                                            Integer.parseInt(e.getKey()), e.getValue().asText()));
        }
        return revisions;
    }

    @Override
    public String versionUrl(String name, int revision) {
        Service s =
                knative.services()
                        .inNamespace(namespace)
                        .withName(ModelServices.serviceName(name))
                        .get();
        if (s == null || s.getStatus() == null || s.getStatus().getTraffic() == null) {
            return null;
        }
        return s.getStatus().getTraffic().stream()
                .filter(t -> ("v" + revision).equals(t.getTag()))
                .map(TrafficTarget::getUrl)
                .findFirst()
                .orElse(null);
    }

    @Override
    public boolean remove(String name) {
        Service s =
                knative.services()
                        .inNamespace(namespace)
                        .withName(ModelServices.serviceName(name))
                        .get();
        if (s == null) {
            return false;
        }
        mine(s, name);
        knative.services()
                .inNamespace(namespace)
                .withName(ModelServices.serviceName(name))
                .delete();
        client.secrets()
                .inNamespace(namespace)
                .withName(ModelServices.credentialSecret(name))
                .delete();
        return true;
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
    private void credential(String name, String tokenSha256) {
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
                        .withStringData(
                                Map.of(
                                        "token",
                                        credentials.modelServer(name),
                                        ModelServices.ACCESS_KEY,
                                        tokenSha256 == null ? "" : tokenSha256))
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

    private Endpoint awaitReady(String service, String revision) throws InterruptedException {
        Instant deadline = Instant.now().plus(config.readyTimeout());
        while (Instant.now().isBefore(deadline)) {
            Service s = knative.services().inNamespace(namespace).withName(service).get();
            if (s != null
                    && s.getStatus() != null
                    && s.getStatus().getUrl() != null
                    && ready(s)
                    && revision.equals(s.getStatus().getLatestReadyRevisionName())
                    && routed(s)) {
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

    /** Whether the route serves the traffic block as written: each tag with its percent. */
    private static boolean routed(Service s) {
        java.util.function.Function<List<TrafficTarget>, List<String>> split =
                traffic ->
                        traffic == null
                                ? List.of()
                                : traffic.stream()
                                        .map(t -> t.getTag() + "=" + t.getPercent())
                                        .sorted()
                                        .toList();
        return split.apply(s.getSpec().getTraffic())
                .equals(split.apply(s.getStatus().getTraffic()));
    }

    private static boolean ready(Service s) {
        return s.getStatus().getConditions() != null
                && s.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
