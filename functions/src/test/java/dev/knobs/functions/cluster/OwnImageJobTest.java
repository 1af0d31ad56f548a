package dev.knobs.functions.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knobs.domain.experiment.Experiment;
import dev.knobs.domain.experiment.ExperimentStatus;
import dev.knobs.eventing.TrialEnvironment;
import dev.knobs.eventing.payload.Budget;
import dev.knobs.eventing.payload.CustomTrainer;
import dev.knobs.eventing.payload.DatasetRef;
import dev.knobs.eventing.payload.Objective;
import dev.knobs.eventing.payload.Resources;
import dev.knobs.eventing.trust.Credentials;
import dev.knobs.functions.PlatformResource;
import dev.knobs.functions.TuningLoopTest;
import dev.knobs.functions.trial.TrialLaunch;
import dev.knobs.functions.trial.TrialLauncher;
import dev.knobs.functions.trial.job.TrialJobs;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A user's own image on a cluster (fabric8 mock API server, CRUD): its Job carries its trial's
 * credential and nothing else of the platform's, meets the restricted Pod Security Standard, and
 * the NetworkPolicies of knative/base that select its pod let it reach nothing but DNS and the
 * front through Knative's data plane; an image from a registry the administrator does not list
 * never becomes a Job.
 */
@QuarkusTest
@TestProfile(OwnImageJobTest.AcmeImagesOnly.class)
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(value = PlatformResource.class, restrictToAnnotatedClass = false)
class OwnImageJobTest {
    public static class AcmeImagesOnly extends ClusterProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("knobs.trial.images.allowed", "ghcr.io/acme");
            return config;
        }
    }

    static final String IMAGE = "ghcr.io/acme/churn-trainer:3";

    @Inject KubernetesClient client;
    @Inject TrialLauncher launcher;

    @Test
    void theJobOfAUsersImageHoldsOnlyItsTrialsCredentialAndMeetsTheRestrictedProfile()
            throws Exception {
        TrialLaunch launch =
                new TrialLaunch(
                        "own",
                        "own-t1",
                        1,
                        1,
                        Map.of("learning_rate", 0.01),
                        "custom",
                        new CustomTrainer(null, "python3 /app/train.py", IMAGE, "acme-pull"),
                        new DatasetRef("d", "http://web/api/artifacts/datasets/d", "label"),
                        new Objective("accuracy", Objective.Goal.MAXIMIZE),
                        new Resources(1, 1024, 600),
                        "http://web/api/artifacts/models/own-t1",
                        true,
                        2);
        launcher.launch(launch);
        Job job =
                client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(ClusterProfile.NAMESPACE)
                        .withName(TrialJobs.name("own-t1"))
                        .get();
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        assertThat(c.getImage()).isEqualTo(IMAGE);
        assertThat(c.getCommand()).containsExactly("/bin/sh", "-c", "python3 /app/train.py");
        assertThat(pod.getImagePullSecrets())
                .extracting(r -> r.getName())
                .containsExactly("acme-pull");

        // the platform's rights stay out: no service account token, no other Secret, no envFrom
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getServiceAccountName()).isNull();
        assertThat(pod.getEnableServiceLinks()).isFalse();
        assertThat(c.getEnvFrom()).isNullOrEmpty();
        assertThat(pod.getVolumes()).allSatisfy(v -> assertThat(v.getSecret()).isNull());
        List<EnvVar> fromSecrets =
                c.getEnv().stream().filter(e -> e.getValueFrom() != null).toList();
        assertThat(fromSecrets)
                .extracting(EnvVar::getName)
                .containsExactly(TrialEnvironment.ARTIFACT_TOKEN);
        String secretName = fromSecrets.get(0).getValueFrom().getSecretKeyRef().getName();
        assertThat(secretName).isEqualTo(TrialJobs.credentialSecret(job.getMetadata().getName()));
        Secret secret =
                client.secrets().inNamespace(ClusterProfile.NAMESPACE).withName(secretName).get();
        assertThat(secret.getMetadata().getOwnerReferences())
                .extracting(o -> o.getKind() + "/" + o.getName())
                .containsExactly("Job/" + job.getMetadata().getName());
        String token = value(secret);
        Credentials platform = PlatformResource.CREDENTIALS;
        assertThat(platform.partOf(token)).as("no part's credential").isEmpty();
        Credentials.TrialClaim claim = platform.trialOf(token, Instant.now()).orElseThrow();
        assertThat(claim.trialId()).isEqualTo("own-t1");
        assertThat(claim.attempt()).isEqualTo(1);
        Set<String> values =
                c.getEnv().stream()
                        .map(EnvVar::getValue)
                        .filter(v -> v != null)
                        .collect(Collectors.toSet());
        for (Credentials.Part part : Credentials.Part.values()) {
            assertThat(values).doesNotContain(platform.part(part));
        }
        assertThat(String.join(" ", values)).doesNotContain(PlatformResource.KEY);

        // the restricted profile, and the limits of one machine's sandbox
        assertThat(RestrictedPodSecurity.violations(pod)).isEmpty();
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(pod.getVolumes())
                .allSatisfy(v -> assertThat(v.getEmptyDir().getSizeLimit()).isNotNull());
        assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("1024Mi");
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(600L);

        // the policies that select its pod: no ingress, egress only to DNS and the front
        Map<String, String> labels = job.getSpec().getTemplate().getMetadata().getLabels();
        List<NetworkPolicy> selecting =
                ManifestContractTest.manifests().stream()
                        .filter(NetworkPolicy.class::isInstance)
                        .map(NetworkPolicy.class::cast)
                        .filter(p -> selects(p.getSpec().getPodSelector(), labels))
                        .toList();
        assertThat(selecting)
                .extracting(p -> p.getMetadata().getName())
                .containsExactly("knobs-trials");
        NetworkPolicy policy = selecting.get(0);
        assertThat(policy.getSpec().getPolicyTypes())
                .containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(policy.getSpec().getIngress()).isEmpty();
        for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
            for (NetworkPolicyPeer peer : rule.getTo()) {
                assertThat(peer.getIpBlock()).as("no address range: no internet").isNull();
                if (peer.getNamespaceSelector() != null
                        && "kube-system"
                                .equals(
                                        peer.getNamespaceSelector().getMatchLabels() == null
                                                ? null
                                                : peer.getNamespaceSelector()
                                                        .getMatchLabels()
                                                        .get("kubernetes.io/metadata.name"))) {
                    assertThat(rule.getPorts())
                            .extracting(p -> p.getPort().getIntVal())
                            .containsOnly(53);
                } else if (peer.getPodSelector() != null) {
                    assertThat(peer.getPodSelector().getMatchLabels())
                            .containsExactly(Map.entry("serving.knative.dev/service", "knobs-web"));
                } else {
                    assertThat(peer.getNamespaceSelector().getMatchExpressions().get(0).getValues())
                            .as("Knative's data plane, to the front")
                            .containsExactlyInAnyOrder(
                                    "knative-serving", "kourier-system", "istio-system");
                }
            }
        }
        launcher.stop("own-t1");
    }

    @Test
    void anImageFromARegistryNotListedNeverBecomesAJob() throws Exception {
        String id = "own-elsewhere";
        TuningLoopTest.startCustom(
                id,
                "bob",
                new CustomTrainer(null, null, "ghcr.io/acme-evil/trainer:1", null),
                null,
                "x = 1 ~ 3 integer",
                "grid",
                new Budget(3, 2, 1),
                new Resources(1, 512, 60));
        Experiment e = TuningLoopTest.ended(id, Duration.ofSeconds(30));
        assertThat(e.status).isEqualTo(ExperimentStatus.FAILED);
        assertThat(e.stopReason)
                .isEqualTo(
                        "not started: the image 'ghcr.io/acme-evil/trainer:1' is not from a"
                                + " registry the administrator allows (ghcr.io/acme)");
        assertThat(
                        client.batch()
                                .v1()
                                .jobs()
                                .inNamespace(ClusterProfile.NAMESPACE)
                                .withLabel(TrialJobs.LABEL_EXPERIMENT, id)
                                .list()
                                .getItems())
                .isEmpty();
    }

    private static String value(Secret secret) {
        if (secret.getStringData() != null && secret.getStringData().get("token") != null) {
            return secret.getStringData().get("token");
        }
        return new String(
                Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8);
    }

    /** A NetworkPolicy's podSelector against a pod's labels, as the API server reads it. */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchLabels() != null) {
            for (var e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        for (LabelSelectorRequirement r :
                selector.getMatchExpressions() == null
                        ? List.<LabelSelectorRequirement>of()
                        : selector.getMatchExpressions()) {
            String v = labels.get(r.getKey());
            boolean ok =
                    switch (r.getOperator()) {
                        case "Exists" -> v != null;
                        case "DoesNotExist" -> v == null;
                        case "In" -> v != null && r.getValues().contains(v);
                        case "NotIn" -> v == null || !r.getValues().contains(v);
                        default -> false;
                    };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
