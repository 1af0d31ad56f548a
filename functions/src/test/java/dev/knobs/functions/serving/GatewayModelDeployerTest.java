package dev.knobs.functions.serving;

import dev.knobs.eventing.Json;
import dev.knobs.functions.PlatformResource;
import dev.knobs.functions.serving.gateway.GatewayModelDeployer;
import dev.knobs.functions.serving.gateway.ModelGateway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/** The model deployer contract on the embedded gateway. */
class GatewayModelDeployerTest extends ModelDeployerContract {
    private ModelGateway gateway;

    @Override
    protected ModelDeployer deployer() {
        if (gateway == null) {
            try {
                gateway =
                        new ModelGateway(
                                        "127.0.0.1",
                                        "127.0.0.1",
                                        Path.of("..", "trainer-image", "target", "trainer"),
                                        PlatformResource.CREDENTIALS,
                                        Duration.ofMinutes(1),
                                        Duration.ofSeconds(30))
                                .start(0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return new GatewayModelDeployer(gateway);
    }

    @Override
    protected int servedRevision(String name) throws Exception {
        HttpResponse<String> status =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(gateway.urlOf(name))).build(),
                                HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(status.body()).path("revision").asInt();
    }

    @Override
    protected String requiredToken(String name) {
        return gateway.requiredToken(name);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }
}
