package dev.knobs.functions.cluster;

import dev.knobs.eventing.TrialEnvironment;
import dev.knobs.functions.config.KnobsConfig;
import dev.knobs.functions.serving.ModelDeployer;
import dev.knobs.functions.serving.ModelDeployerContract;
import dev.knobs.functions.serving.knative.KnativeModelDeployer;
import io.fabric8.knative.client.KnativeClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

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

                    public int minScale() {
                        return 0;
                    }

                    public int maxScale() {
                        return 5;
                    }

                    public int target() {
                        return 20;
                    }

                    public Duration readyTimeout() {
                        return Duration.ofSeconds(20);
                    }

                    public String artifactSecret() {
                        return "knobs-artifacts";
                    }
                });
    }

    @Override
    protected int servedRevision(String name) {
        return ClusterStandIns.revisionOf(service(name));
    }

    private io.fabric8.knative.serving.v1.Service service(String name) {
        return client.adapt(KnativeClient.class)
                .services()
                .inNamespace("models")
                .withName(name)
                .get();
    }

    @Override
    protected String requiredToken(String name) {
        return service(name)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv()
                .stream()
                .filter(e -> e.getName().equals(TrialEnvironment.MODEL_TOKEN_SHA256))
                .map(e -> e.getValue())
                .findFirst()
                .orElse(null);
    }
}
