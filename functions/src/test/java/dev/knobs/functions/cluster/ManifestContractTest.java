package dev.knobs.functions.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knobs.functions.KnobsFunctions;
import dev.knobs.functions.trial.job.TrialJobs;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.eventing.v1alpha1.EventPolicy;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1.ApiServerSource;
import io.fabric8.knative.sources.v1.SinkBinding;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.funqy.knative.events.CloudEventMapping;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The manifests in {@code knative/base} against the code: every document parses as its typed
 * fabric8 object, every Trigger to the functions has a function mapped to its type and every mapped
 * function has a Trigger, and the pods run as the conventions say.
 */
class ManifestContractTest {
    static final Path BASE = Path.of("..", "knative", "base");
    static final Map<String, Class<?>> KINDS =
            Map.ofEntries(
                    Map.entry("Trigger", Trigger.class),
                    Map.entry("Broker", Broker.class),
                    Map.entry("Service", Service.class),
                    Map.entry("SinkBinding", SinkBinding.class),
                    Map.entry("ApiServerSource", ApiServerSource.class),
                    Map.entry("PingSource", io.fabric8.knative.sources.v1.PingSource.class),
                    Map.entry("ConfigMap", ConfigMap.class),
                    Map.entry("ServiceAccount", ServiceAccount.class),
                    Map.entry("Role", Role.class),
                    Map.entry("RoleBinding", RoleBinding.class),
                    Map.entry("PersistentVolumeClaim", PersistentVolumeClaim.class),
                    Map.entry("EventPolicy", EventPolicy.class),
                    Map.entry("NetworkPolicy", NetworkPolicy.class));

    static List<HasMetadata> manifests() throws IOException {
        List<HasMetadata> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(BASE)) {
            for (Path f :
                    files.filter(p -> p.getFileName().toString().matches("\\d{3}-.*\\.yaml"))
                            .sorted()
                            .toList()) {
                for (String doc : Files.readString(f).split("(?m)^---\\s*$")) {
                    if (doc.lines().anyMatch(l -> l.startsWith("kind:"))) {
                        all.add(Serialization.unmarshal(doc, HasMetadata.class));
                    }
                }
            }
        }
        return all;
    }

    @Test
    void everyManifestParsesAsItsTypedObject() throws IOException {
        List<HasMetadata> all = manifests();
        assertThat(all).hasSizeGreaterThan(10);
        for (HasMetadata m : all) {
            assertThat(m)
                    .as(m.getKind() + " " + m.getMetadata().getName())
                    .isNotInstanceOf(GenericKubernetesResource.class);
            assertThat(KINDS).containsKey(m.getKind());
            assertThat(m).isInstanceOf(KINDS.get(m.getKind()));
        }
    }

    @Test
    void triggersAndFunctionMappingsMatchBothWays() throws IOException {
        Set<String> triggered =
                manifests().stream()
                        .filter(Trigger.class::isInstance)
                        .map(Trigger.class::cast)
                        .filter(
                                t ->
                                        t.getSpec()
                                                .getSubscriber()
                                                .getRef()
                                                .getName()
                                                .equals("knobs-functions"))
                        .map(t -> t.getSpec().getFilter().getAttributes().get("type"))
                        .collect(Collectors.toSet());
        Set<String> mapped =
                Arrays.stream(KnobsFunctions.class.getMethods())
                        .map(m -> m.getAnnotation(CloudEventMapping.class))
                        .filter(a -> a != null)
                        .map(CloudEventMapping::trigger)
                        .collect(Collectors.toSet());
        assertThat(mapped).as("function mappings without a Trigger").isSubsetOf(triggered);
        assertThat(triggered).as("Triggers without a function mapping").isSubsetOf(mapped);
        for (Method m : KnobsFunctions.class.getMethods()) {
            if (m.isAnnotationPresent(io.quarkus.funqy.Funq.class)) {
                assertThat(m.isAnnotationPresent(CloudEventMapping.class)).as(m.getName()).isTrue();
            }
        }
    }

    @Test
    void theReadmeNamesEveryFunctionAndItsEventType() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (Method m : KnobsFunctions.class.getMethods()) {
            CloudEventMapping mapping = m.getAnnotation(CloudEventMapping.class);
            if (mapping != null) {
                assertThat(readme)
                        .as("README.md names the function " + m.getName())
                        .contains("`" + m.getName() + "`");
                assertThat(readme)
                        .as("README.md names the type " + mapping.trigger())
                        .contains("`" + mapping.trigger() + "`");
            }
        }
    }

    @Test
    void servicesRunNonRootWithReadOnlyRootAndProbes() throws IOException {
        List<Service> services =
                manifests().stream()
                        .filter(Service.class::isInstance)
                        .map(Service.class::cast)
                        .toList();
        assertThat(services)
                .extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder("knobs-web", "knobs-functions");
        for (Service s : services) {
            var pod = s.getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            var c = pod.getContainers().get(0);
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(c.getReadinessProbe()).isNotNull();
            assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(c.getImage()).doesNotContain(":");
        }
        Service functions =
                services.stream()
                        .filter(s -> s.getMetadata().getName().equals("knobs-functions"))
                        .findFirst()
                        .orElseThrow();
        assertThat(functions.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("autoscaling.knative.dev/min-scale", "0");
    }

    /**
     * The namespace enforces the restricted Pod Security Standard, so every pod Knobs makes there
     * must meet it: the front, the functions, a trial's Job, a model's Service.
     */
    @Test
    void everyPodKnobsMakesMeetsTheRestrictedProfileItsNamespaceEnforces() throws IOException {
        String namespace =
                Files.readString(Path.of("..", "knative", "overlays", "plain", "namespace.yaml"));
        var ns =
                Serialization.unmarshal(namespace, io.fabric8.kubernetes.api.model.Namespace.class);
        assertThat(ns.getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        Map<String, io.fabric8.kubernetes.api.model.PodSpec> pods = new java.util.LinkedHashMap<>();
        for (Service s :
                manifests().stream()
                        .filter(Service.class::isInstance)
                        .map(Service.class::cast)
                        .toList()) {
            pods.put(s.getMetadata().getName(), podOf(s));
        }
        try (var in = getClass().getResourceAsStream("/kubernetes/model-service.yaml")) {
            Service model = Serialization.unmarshal(in, Service.class);
            pods.put("a model's Service", podOf(model));
        }
        try (var in = getClass().getResourceAsStream("/kubernetes/trial-job.yaml")) {
            var job =
                    Serialization.unmarshal(in, io.fabric8.kubernetes.api.model.batch.v1.Job.class);
            pods.put("a trial's Job", job.getSpec().getTemplate().getSpec());
        }
        assertThat(pods).hasSize(4);
        // the check itself refuses what the admission refuses
        var bare =
                new io.fabric8.kubernetes.api.model.PodSpecBuilder()
                        .addNewContainer()
                        .withName("x")
                        .withNewSecurityContext()
                        .withAllowPrivilegeEscalation(false)
                        .endSecurityContext()
                        .endContainer()
                        .addNewVolume()
                        .withName("host")
                        .withNewHostPath("/", null)
                        .endVolume()
                        .build();
        assertThat(RestrictedPodSecurity.violations(bare))
                .containsExactlyInAnyOrder(
                        "volume host of type hostPath",
                        "container x: runAsNonRoot is not true",
                        "container x: seccompProfile is not RuntimeDefault or Localhost",
                        "container x: capabilities do not drop ALL");
        pods.forEach(
                (name, pod) ->
                        assertThat(RestrictedPodSecurity.violations(pod)).as(name).isEmpty());
    }

    /** A Knative Service's revision template read as the pod it becomes. */
    private static io.fabric8.kubernetes.api.model.PodSpec podOf(Service s) {
        return Serialization.unmarshal(
                Serialization.asJson(s.getSpec().getTemplate().getSpec()),
                io.fabric8.kubernetes.api.model.PodSpec.class);
    }

    private static Map<String, EnvVar> env(Service s) {
        return s.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, v -> v));
    }

    private static Service service(String name) throws IOException {
        return manifests().stream()
                .filter(Service.class::isInstance)
                .map(Service.class::cast)
                .filter(s -> s.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theFunctionsAreClusterLocalAndBothPartsTakeThePlatformKeyFromItsSecretOnly()
            throws IOException {
        Service functions = service("knobs-functions");
        assertThat(functions.getMetadata().getLabels())
                .containsEntry("networking.knative.dev/visibility", "cluster-local");
        for (Service s : List.of(functions, service("knobs-web"))) {
            Map<String, EnvVar> env = env(s);
            assertThat(env.get("KNOBS_TRUST_PLATFORM_KEY").getValueFrom().getSecretKeyRef())
                    .satisfies(
                            ref -> {
                                assertThat(ref.getName()).isEqualTo("knobs-platform");
                                assertThat(ref.getOptional()).isNotEqualTo(Boolean.TRUE);
                            });
            assertThat(env).doesNotContainKey("KNOBS_ARTIFACT_TOKEN");
            assertThat(env.get("KNOBS_TRUST_BROKER_CREDENTIAL_FILE").getValue())
                    .isEqualTo("/oidc/token");
        }
        assertThat(env(functions).get("KNOBS_TRIAL_SINK").getValueFrom().getConfigMapKeyRef())
                .isNotNull();
        // the templates of what Knobs creates name no Secret of the platform's
        for (String template :
                List.of("/kubernetes/trial-job.yaml", "/kubernetes/model-service.yaml")) {
            String text;
            try (var in = ManifestContractTest.class.getResourceAsStream(template)) {
                text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            assertThat(text).doesNotContain("knobs-platform").doesNotContain("knobs-db");
        }
    }

    @Test
    void everyKnobsEventIsRetriedForMinutesThenDeadLetteredToTheFront() throws IOException {
        List<Trigger> triggers =
                manifests().stream()
                        .filter(Trigger.class::isInstance)
                        .map(Trigger.class::cast)
                        .toList();
        for (Trigger t : triggers) {
            Map<String, String> filter = t.getSpec().getFilter().getAttributes();
            String type =
                    filter.containsKey("knobsaudience")
                            ? "dev.knobs.(events for owners)"
                            : filter.get("type");
            if (!type.startsWith("dev.knobs.")) {
                continue;
            }
            var delivery = t.getSpec().getDelivery();
            assertThat(delivery.getDeadLetterSink().getRef().getName())
                    .as(t.getMetadata().getName())
                    .isEqualTo("knobs-web");
            assertThat(delivery.getDeadLetterSink().getUri()).hasToString("/api/dead-letters");
            if (type.equals("dev.knobs.trial-progress")) {
                continue; // a lost progress report only delays a decision
            }
            assertThat(delivery.getBackoffPolicy()).isEqualTo("exponential");
            Duration first = Duration.parse(delivery.getBackoffDelay());
            Duration total = Duration.ZERO;
            for (int i = 0; i < delivery.getRetry(); i++) {
                total = total.plus(first.multipliedBy(1L << i));
            }
            assertThat(total).as(t.getMetadata().getName()).isGreaterThan(Duration.ofMinutes(5));
        }
    }

    @Test
    void onlyThePlatformsPartsAndItsSourcesMaySendToTheBroker() throws IOException {
        List<HasMetadata> all = manifests();
        EventPolicy policy =
                all.stream()
                        .filter(EventPolicy.class::isInstance)
                        .map(EventPolicy.class::cast)
                        .findFirst()
                        .orElseThrow();
        assertThat(policy.getSpec().getTo())
                .singleElement()
                .satisfies(
                        to -> {
                            assertThat(to.getRef().getKind()).isEqualTo("Broker");
                            assertThat(to.getRef().getName()).isEqualTo("knobs");
                        });
        assertThat(policy.getSpec().getFrom()).isNotEmpty();
        for (var from : policy.getSpec().getFrom()) {
            assertThat(from.getSub()).as("senders are named objects, not patterns").isNull();
            assertThat(all)
                    .as(from.getRef().getKind() + " " + from.getRef().getName())
                    .anyMatch(
                            m ->
                                    m.getKind().equals(from.getRef().getKind())
                                            && m.getMetadata()
                                                    .getName()
                                                    .equals(from.getRef().getName()));
        }
        List<NetworkPolicy> network =
                all.stream()
                        .filter(NetworkPolicy.class::isInstance)
                        .map(NetworkPolicy.class::cast)
                        .toList();
        NetworkPolicy functions =
                network.stream()
                        .filter(
                                n ->
                                        "knobs-functions"
                                                .equals(
                                                        n.getSpec()
                                                                .getPodSelector()
                                                                .getMatchLabels()
                                                                .get(
                                                                        "serving.knative.dev/service")))
                        .findFirst()
                        .orElseThrow();
        assertThat(functions.getSpec().getIngress()).isNotEmpty();
        assertThat(functions.getSpec().getIngress())
                .allSatisfy(rule -> assertThat(rule.getFrom()).isNotEmpty());
        NetworkPolicy trials =
                network.stream()
                        .filter(n -> n.getMetadata().getName().equals("knobs-trials"))
                        .findFirst()
                        .orElseThrow();
        assertThat(trials.getSpec().getPodSelector().getMatchExpressions())
                .anySatisfy(e -> assertThat(e.getKey()).isEqualTo(TrialJobs.LABEL_TRIAL));
        assertThat(trials.getSpec().getIngress()).isEmpty();
        assertThat(trials.getSpec().getEgress())
                .flatExtracting(r -> r.getTo())
                .filteredOn(peer -> peer.getIpBlock() != null)
                .allSatisfy(
                        peer ->
                                assertThat(peer.getIpBlock().getExcept())
                                        .contains("169.254.0.0/16", "10.0.0.0/8"));
    }
}
