package dev.knobs.functions.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knobs.eventing.TrialEnvironment;
import dev.knobs.eventing.payload.ModelRef;
import dev.knobs.functions.PlatformResource;
import dev.knobs.functions.config.KnobsConfig;
import dev.knobs.functions.serving.ModelDeployer;
import dev.knobs.functions.serving.ModelDeployerContract;
import dev.knobs.functions.serving.knative.KnativeModelDeployer;
import dev.knobs.functions.serving.knative.ModelServices;
import io.fabric8.knative.client.KnativeClient;
import io.fabric8.knative.serving.v1.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The model deployer contract on Knative Services (fabric8 mock server, CRUD, a controller
 * stand-in).
 */
@EnableKubernetesMockClient(crud = true)
class KnativeModelDeployerTest extends ModelDeployerContract {
    static KubernetesClient client;
    private ClusterStandIns cluster;

    @BeforeEach
    void startController() {
        cluster = new ClusterStandIns(client, "models", null, null, null, job -> false);
    }

    @AfterEach
    void stopController() {
        cluster.close();
    }

    @Override
    protected ModelDeployer deployer() {
        return new KnativeModelDeployer(
                client,
                new KnobsConfig.Serving.Knative() {
                    public String image() {
                        return "registry.example.com/knobs-trainer:test";
                    }

                    public Optional<String> namespace() {
                        return Optional.of("models");
                    }

                    public Duration readyTimeout() {
                        return Duration.ofSeconds(20);
                    }
                },
                PlatformResource.CREDENTIALS);
    }

    /** A platform Service (or anyone's) that a model's name could aim at. */
    private static io.fabric8.knative.serving.v1.Service platformService(String name) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("models")
                .addToLabels("app.kubernetes.io/part-of", "knobs")
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withNewSpec()
                .addNewContainer()
                .withImage("registry.example.com/knobs-web:1")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    @Test
    void aModelNamedLikeAPlatformServiceGetsItsOwnServiceAndNeverTouchesThePlatforms()
            throws Exception {
        var services = client.adapt(KnativeClient.class).services().inNamespace("models");
        services.resource(platformService("knobs-web")).create();
        services.resource(platformService("knobs-functions")).create();
        ModelRef model =
                new ModelRef("http://artifacts.example.com/api/artifacts/models/w", ModelRef.ONNX);
        for (String name : List.of("knobs-web", "knobs-functions")) {
            deployer().apply(one(name, model));
            assertThat(services.withName(name).get().getSpec().getTemplate().getSpec())
                    .satisfies(
                            s ->
                                    assertThat(s.getContainers().get(0).getImage())
                                            .isEqualTo("registry.example.com/knobs-web:1"));
            assertThat(services.withName(name).get().getMetadata().getLabels())
                    .doesNotContainKey(ModelServices.LABEL_MODEL);
            assertThat(service(name).getMetadata().getName()).isEqualTo("model-" + name);
        }
    }

    @Test
    void aServiceWithAModelsNameButNotItsLabelsIsLeftAlone() {
        var services = client.adapt(KnativeClient.class).services().inNamespace("models");
        services.resource(platformService("model-squatted")).create();
        ModelRef model =
                new ModelRef("http://artifacts.example.com/api/artifacts/models/s", ModelRef.ONNX);
        assertThatThrownBy(() -> deployer().apply(one("squatted", model)))
                .hasMessageContaining("is not model squatted's");
        assertThatThrownBy(() -> deployer().remove("squatted"))
                .hasMessageContaining("is not model squatted's");
        assertThat(services.withName("model-squatted").get().getSpec().getTemplate().getSpec())
                .satisfies(
                        s ->
                                assertThat(s.getContainers().get(0).getImage())
                                        .isEqualTo("registry.example.com/knobs-web:1"));
        assertThat(
                        client.secrets()
                                .inNamespace("models")
                                .withName("model-squatted-credential")
                                .get())
                .isNull();
    }

    @Test
    void theModelServerHoldsACredentialForItsOwnModelOnlyAndNeverThePlatformKey() throws Exception {
        ModelRef model =
                new ModelRef("http://artifacts.example.com/api/artifacts/models/c", ModelRef.ONNX);
        deployer().apply(one("scoped", model));
        var env =
                service("scoped").getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        assertThat(env)
                .noneSatisfy(
                        v ->
                                assertThat(String.valueOf(v.getValue()))
                                        .contains(PlatformResource.KEY));
        var ref =
                env.stream()
                        .filter(v -> v.getName().equals(TrialEnvironment.ARTIFACT_TOKEN))
                        .findFirst()
                        .orElseThrow()
                        .getValueFrom()
                        .getSecretKeyRef();
        Secret secret = client.secrets().inNamespace("models").withName(ref.getName()).get();
        String token =
                secret.getStringData() != null
                        ? secret.getStringData().get(ref.getKey())
                        : new String(
                                Base64.getDecoder().decode(secret.getData().get(ref.getKey())),
                                StandardCharsets.UTF_8);
        assertThat(PlatformResource.CREDENTIALS.modelServerModel(token)).contains("scoped");
        assertThat(PlatformResource.CREDENTIALS.partOf(token)).isEmpty();
        assertThat(PlatformResource.CREDENTIALS.trialOf(token, Instant.now())).isEmpty();
    }

    private static ModelDeployer.Serving one(String name, ModelRef model) {
        return new ModelDeployer.Serving(
                name,
                List.of(new ModelDeployer.Version(1, model)),
                1,
                null,
                0,
                null,
                ModelDeployer.Scaling.DEFAULT);
    }

    /** The version the traffic block sends the most to. */
    @Override
    protected int servedRevision(String name) {
        return traffic(name).entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
    }

    /** The traffic block: each tagged Revision's share, by the version of its tag. */
    @Override
    protected Map<Integer, Integer> traffic(String name) {
        Map<Integer, Integer> traffic = new java.util.HashMap<>();
        for (var t : service(name).getSpec().getTraffic()) {
            assertThat(t.getLatestRevision()).isFalse();
            assertThat(t.getRevisionName())
                    .startsWith("model-" + name + t.getTag().replace("v", "-v") + "-");
            traffic.put(Integer.parseInt(t.getTag().substring(1)), t.getPercent().intValue());
        }
        return traffic;
    }

    private io.fabric8.knative.serving.v1.Service service(String name) {
        return client.adapt(KnativeClient.class)
                .services()
                .inNamespace("models")
                .withName(ModelServices.serviceName(name))
                .get();
    }

    /** The token's hash in the model's Secret, which every Revision mounts. */
    @Override
    protected String requiredToken(String name) {
        Secret secret =
                client.secrets()
                        .inNamespace("models")
                        .withName(ModelServices.credentialSecret(name))
                        .get();
        String value =
                secret.getStringData() != null
                        ? secret.getStringData().get(ModelServices.ACCESS_KEY)
                        : new String(
                                Base64.getDecoder()
                                        .decode(secret.getData().get(ModelServices.ACCESS_KEY)),
                                StandardCharsets.UTF_8);
        return value == null || value.isEmpty() ? null : value;
    }
}
