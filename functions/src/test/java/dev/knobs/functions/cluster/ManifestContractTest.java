package dev.knobs.functions.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knobs.functions.KnobsFunctions;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1.ApiServerSource;
import io.fabric8.knative.sources.v1.SinkBinding;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.funqy.knative.events.CloudEventMapping;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
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
                    Map.entry("PersistentVolumeClaim", PersistentVolumeClaim.class));

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
}
