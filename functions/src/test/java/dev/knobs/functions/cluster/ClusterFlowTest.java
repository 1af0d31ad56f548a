package dev.knobs.functions.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knobs.functions.ExperimentFlowContract;
import dev.knobs.functions.PlatformResource;
import dev.knobs.functions.serving.knative.ModelServices;
import io.fabric8.knative.client.KnativeClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;

/**
 * The experiment flow on the cluster adapters: Jobs, Knative Services (fabric8 mock server, CRUD).
 */
@QuarkusTest
@TestProfile(ClusterProfile.class)
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(value = PlatformResource.class, restrictToAnnotatedClass = false)
class ClusterFlowTest extends ExperimentFlowContract {
    @Inject KubernetesClient client;

    @Override
    protected String prefix() {
        return "kube";
    }

    @Override
    protected AutoCloseable surroundings() {
        return ClusterStandIns.forPlatform(client, job -> false);
    }

    @Override
    protected void assertServes(String url, String name) {
        // one Job per trial although every trial-requested arrived twice
        assertThat(
                        client.batch()
                                .v1()
                                .jobs()
                                .inNamespace(ClusterProfile.NAMESPACE)
                                .withLabel("knobs.dev/experiment", name)
                                .list()
                                .getItems())
                .hasSize(5);
        var service =
                client.adapt(KnativeClient.class)
                        .services()
                        .inNamespace(ClusterProfile.NAMESPACE)
                        .withName(ModelServices.serviceName(name))
                        .get();
        assertThat(service.getStatus().getUrl()).isEqualTo(url);
        assertThat(url)
                .isEqualTo(
                        "http://model-" + name + "." + ClusterProfile.NAMESPACE + ".example.com");
    }
}
